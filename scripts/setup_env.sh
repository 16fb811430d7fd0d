#!/usr/bin/env bash
# Create .venv (Python 3.11) and install what a purpose needs. Idempotent: re-runs only when a
# requirements file changed. Usage: scripts/setup_env.sh app|test
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-app}"
TORCH_CPU_INDEX="https://download.pytorch.org/whl/cpu"

say() { printf '[setup] %s\n' "$*" >&2; }

as_root() {  # run a command as root when we are root or have passwordless sudo; else fail
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1; fi
}

find_python() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$candidate"; return 0
    fi
  done
  say "Python 3.11 is required (python3.11 or python3 must be 3.11)."; exit 1
}

make_venv() {
  [ -x .venv/bin/python ] && return 0
  local python; python="$(find_python)"
  if ! "$python" -m venv .venv 2>/dev/null; then
    say "python venv module missing: installing Debian's python3-venv"
    rm -rf .venv
    as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv >/dev/null ||
      { say "cannot install python3-venv (need root or sudo): apt-get install python3-venv"; exit 1; }
    "$python" -m venv .venv
  fi
}

install_requirements() {
  local files=(requirements.txt) stamp=".venv/.installed-$purpose"
  [ "$purpose" = test ] && files+=(requirements-test.txt)
  if [ -f "$stamp" ] && [ -z "$(find "${files[@]}" -newer "$stamp")" ]; then return 0; fi
  say "installing ${files[*]} into .venv (torch is pinned to the CPU build 2.13.0)"
  # PyPI's Linux torch==2.13.0 is the multi-GB CUDA build: offer PyTorch's CPU index as well, where
  # 2.13.0+cpu sorts above it. Where that index cannot be reached, pip warns and goes on with the
  # other sources (a machine with a local CPU wheel still gets the CPU build).
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --retries 1 --timeout 15 \
    --extra-index-url "$TORCH_CPU_INDEX" "$(grep -E '^torch==' requirements.txt)"
  local args=(); for f in "${files[@]}"; do args+=(-r "$f"); done
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "${args[@]}"
  touch "$stamp"
}

ensure_chromium() {  # the browser tests drive Debian's Chromium (never a downloaded browser)
  command -v chromium >/dev/null 2>&1 && return 0
  say "chromium not found: installing Debian's chromium for the browser tests"
  if as_root apt-get update -qq && as_root apt-get install -y -qq chromium >/dev/null; then return 0; fi
  say "could not install chromium (need root or sudo: apt-get install chromium)."
  say "Browser tests will be skipped outside CI and fail under CI=true."
}

ensure_nginx() {  # tests check the class proxy's config with Debian's nginx (scripts/serve_class.sh)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] && return 0
  say "nginx not found: installing Debian's nginx-light for the class-proxy tests"
  if as_root apt-get update -qq && as_root apt-get install -y -qq nginx-light >/dev/null; then return 0; fi
  say "could not install nginx (need root or sudo: apt-get install nginx-light)."
  say "Proxy tests will be skipped outside CI and fail under CI=true."
}

make_venv
install_requirements
[ "$purpose" = test ] && ensure_chromium
[ "$purpose" = test ] && ensure_nginx
exit 0
