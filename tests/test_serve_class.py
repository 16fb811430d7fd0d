"""Serving a class (issue 17): the generated nginx config passes `nginx -t`, routes by a per-browser cookie
(not by IP), upgrades Streamlit's websocket; the docker compose file validates; bad N is refused by name.

A missing nginx skips the nginx checks with the reason, except under CI=true, where it fails (as the browser)."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CLASS_DIR = ROOT / "scripts" / "serve_class"
sys.path.insert(0, str(CLASS_DIR))

import nginx_conf  # noqa: E402  (scripts/serve_class/nginx_conf.py: a script, not a package)

COMPOSE = CLASS_DIR / "compose.yaml"
SCHEMA = CLASS_DIR / "compose-spec.json"


def nginx_binary() -> str:
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed: scripts/setup_env.sh test installs Debian's nginx-light")
        pytest.skip("nginx is not installed (apt-get install nginx-light); nginx config checks skipped")
    return path


def nginx_test(config_text: str, run_dir: Path) -> subprocess.CompletedProcess:
    (run_dir / "tmp").mkdir(parents=True, exist_ok=True)
    (run_dir / "nginx.conf").write_text(config_text)
    return subprocess.run([nginx_binary(), "-t", "-p", str(run_dir), "-c", str(run_dir / "nginx.conf")],
                          capture_output=True, text=True)


def location(config: str, path: str) -> str:
    match = re.search(r"location " + re.escape(path) + r" \{(.*?)\n        \}", config, re.S)
    assert match, f"no location {path}"
    return match.group(1)


def test_generated_config_for_two_processes_passes_nginx_t(tmp_path):
    config = nginx_conf.render(str(tmp_path), "127.0.0.1:18080", ["127.0.0.1:18601", "127.0.0.1:18602"])
    result = nginx_test(config, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_t_catches_a_broken_config(tmp_path):
    """The check above can fail: the same config with its hash key's map removed is rejected."""
    config = nginx_conf.render(str(tmp_path), "127.0.0.1:18080", ["127.0.0.1:18601"])
    broken = config.replace("map $cookie_lab_route $route_key", "map $cookie_lab_route $other_key")
    result = nginx_test(broken, tmp_path)
    assert result.returncode != 0 and "route_key" in result.stderr


def test_sessions_stick_by_a_browser_cookie_not_by_ip():
    config = nginx_conf.render("/run", "127.0.0.1:8080", ["127.0.0.1:8601", "127.0.0.1:8602", "127.0.0.1:8603"])
    assert "ip_hash" not in config
    upstream = re.search(r"upstream lab_class \{(.*?)\}", config, re.S).group(1)
    assert "hash $route_key consistent;" in upstream
    assert re.findall(r"server (\S+) max_fails", upstream) == ["127.0.0.1:8601", "127.0.0.1:8602", "127.0.0.1:8603"]
    # the first request hashes on the very id its Set-Cookie hands out, so it and the later ones agree
    assert re.search(r'map \$cookie_lab_route \$route_key \{\s*default \$cookie_lab_route;\s*"" \$request_id;', config)
    assert '"" "lab_route=$request_id; Path=/; HttpOnly; SameSite=Lax";' in config


def test_websocket_is_upgraded_and_kept_open():
    stream = location(nginx_conf.render("/run", "127.0.0.1:8080", ["127.0.0.1:8601"]), "/_stcore/stream")
    for needle in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                   "proxy_set_header Connection $connection_upgrade;", "proxy_read_timeout 1h;",
                   "proxy_pass http://lab_class;"):
        assert needle in stream


def test_no_backend_is_refused_by_name():
    with pytest.raises(ValueError, match=r"backends=\[\]"):
        nginx_conf.render("/run", "127.0.0.1:8080", [])


@pytest.mark.parametrize("count", ["0", "65", "two", "-1"])
def test_serve_class_refuses_a_bad_process_count(count):
    result = subprocess.run(["bash", "scripts/serve_class.sh", count], cwd=ROOT, capture_output=True, text=True,
                            timeout=30)
    assert result.returncode != 0
    assert f"N={count} is not a number of processes" in result.stderr and "from 1 to 64" in result.stderr


# ---- docker compose -------------------------------------------------------------------------------------------

def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def compose_errors(document: dict) -> list[str]:
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def docker_compose_works() -> bool:
    if not shutil.which("docker"):
        return False
    return subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0


def test_compose_file_validates():
    """`docker compose config` where the compose plugin runs; the compose-spec JSON schema (vendored) always."""
    assert compose_errors(compose()) == []
    if docker_compose_works():
        result = subprocess.run(["docker", "compose", "-f", str(COMPOSE), "config", "--quiet"], capture_output=True,
                                text=True, env={**os.environ, "LAB_PROCESSES": "2"})
        assert result.returncode == 0, result.stderr


def test_schema_check_can_fail():
    broken = copy.deepcopy(compose())
    broken["services"]["app"]["healthcheck"]["intervall"] = "10s"  # a misspelt key
    broken["services"]["proxy"]["depends_on"]["app"]["condition"] = "when_ready"  # not a condition compose knows
    errors = compose_errors(broken)
    assert any("intervall" in e for e in errors) and any("depends_on" in e for e in errors), errors


def test_compose_scales_the_app_behind_a_sticky_healthy_proxy():
    services = compose()["services"]
    app, proxy = services["app"], services["proxy"]
    assert "ports" not in app, "a fixed host port would stop `--scale app=N`"
    assert "/_stcore/health" in " ".join(app["healthcheck"]["test"])
    assert proxy["depends_on"]["app"]["condition"] == "service_healthy"
    assert "/healthz" in " ".join(proxy["healthcheck"]["test"])
    mounted = [volume.split(":")[0] for volume in proxy["volumes"]]
    assert "./nginx.compose.conf" in mounted and (CLASS_DIR / "nginx.compose.conf").exists()


def test_compose_proxy_config_is_the_generated_one_and_passes_nginx_t(tmp_path):
    committed = (CLASS_DIR / "nginx.compose.conf").read_text()
    assert committed == nginx_conf.render_compose()
    # nginx -t resolves upstream host names; `app` exists only on compose's network, so test it as loopback
    local = re.sub(r"(?<=\s)/tmp/", f"{tmp_path}/", committed).replace("server app:8501", "server 127.0.0.1:8501")
    result = nginx_test(local, tmp_path)
    assert result.returncode == 0, result.stderr
