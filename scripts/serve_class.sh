#!/usr/bin/env bash
# Serve a whole class: N Streamlit processes on loopback ports behind Debian's nginx, sticky per browser.
#   scripts/serve_class.sh N       start (N processes, 1..64); prints the address to open
#   scripts/serve_class.sh status  each process's health
#   scripts/serve_class.sh stop    stop nginx and every process, by the PIDs this script wrote
# Environment: PORT (8080) and ADDRESS (0.0.0.0: students' machines on the network can reach it) of the
# proxy; APP_PORT (8601: processes use APP_PORT..APP_PORT+N-1 on 127.0.0.1); SERVE_CLASS_RUN (run folder
# with pid, log and nginx files; default /tmp/equivalence-lab-class-$UID). Nothing here needs root.
# See docs/deploy.md and scripts/serve_class/nginx_conf.py (why a cookie hash and not ip_hash).
set -euo pipefail
cd "$(dirname "$0")/.."
RUN="${SERVE_CLASS_RUN:-${TMPDIR:-/tmp}/equivalence-lab-class-$(id -u)}"
PORT="${PORT:-8080}"
ADDRESS="${ADDRESS:-0.0.0.0}"
APP_PORT="${APP_PORT:-8601}"
MAX_PROCESSES=64

say() { printf '[serve_class] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

find_nginx() {
  command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } ||
    die "nginx not found: install Debian's package (apt-get install nginx-light), then run this again"
}

stop_all() {  # nginx first (no new requests), then each process; only PIDs from our own pid files
  local nginx; nginx="$(find_nginx)"
  if alive "$RUN/nginx.pid"; then "$nginx" -p "$RUN" -c "$RUN/nginx.conf" -s quit 2>/dev/null || true; fi
  for pidfile in "$RUN"/app-*.pid; do
    [ -f "$pidfile" ] || continue
    alive "$pidfile" && kill "$(cat "$pidfile")"
  done
  for _ in $(seq 50); do  # up to 10 s for a clean exit, then kill what is left
    local left=0
    for pidfile in "$RUN"/app-*.pid "$RUN/nginx.pid"; do alive "$pidfile" && left=1; done
    [ "$left" = 0 ] && break
    sleep 0.2
  done
  for pidfile in "$RUN"/app-*.pid "$RUN/nginx.pid"; do
    alive "$pidfile" && { say "$(basename "$pidfile" .pid) did not stop in 10 s: killing it"; kill -9 "$(cat "$pidfile")"; }
    rm -f "$pidfile"
  done
  say "stopped"
}

status() {
  local code=0
  for pidfile in "$RUN"/app-*.pid; do
    [ -f "$pidfile" ] || { say "nothing running (no pid files in $RUN)"; return 1; }
    local port; port="$(basename "$pidfile" .pid)"; port="${port#app-}"
    if alive "$pidfile" && health "http://127.0.0.1:$port"; then say "process on port $port: ok"
    else say "process on port $port: NOT answering"; code=1; fi
  done
  alive "$RUN/nginx.pid" && say "nginx: running (log $RUN/access.log)" || { say "nginx: not running"; code=1; }
  return "$code"
}

health() { .venv/bin/python -c 'import sys, urllib.request
sys.exit(urllib.request.urlopen(sys.argv[1] + "/_stcore/health", timeout=2).status != 200)' "$1" 2>/dev/null; }

port_free() { .venv/bin/python -c 'import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try: s.bind((sys.argv[1], int(sys.argv[2])))
except OSError: sys.exit(1)' "$1" "$2"; }

start() {
  local count="$1" nginx backends=() pids=()
  [[ "$count" =~ ^[0-9]+$ ]] && [ "$count" -ge 1 ] && [ "$count" -le "$MAX_PROCESSES" ] ||
    die "N=$count is not a number of processes: use an integer from 1 to $MAX_PROCESSES (or 'stop', 'status')"
  nginx="$(find_nginx)"
  scripts/setup_env.sh app
  if alive "$RUN/nginx.pid" || compgen -G "$RUN/app-*.pid" >/dev/null; then
    die "already running from $RUN: scripts/serve_class.sh stop first"
  fi
  port_free "$ADDRESS" "$PORT" || die "PORT=$PORT on $ADDRESS is taken: choose another, e.g. PORT=8081"
  mkdir -p "$RUN"
  for ((k = 0; k < count; k++)); do
    local port=$((APP_PORT + k))
    port_free 127.0.0.1 "$port" || { stop_all; die "APP_PORT: port $port is taken: choose another APP_PORT"; }
    # Started in the background by a non-interactive shell: it ignores a Ctrl-C typed in this terminal.
    .venv/bin/python -m streamlit run app.py --server.headless=true --server.port="$port" \
      --server.address=127.0.0.1 >"$RUN/app-$port.log" 2>&1 </dev/null &
    echo $! >"$RUN/app-$port.pid"
    backends+=("127.0.0.1:$port"); pids+=($!)
  done
  for backend in "${backends[@]}"; do  # up to 120 s each: the first start imports torch
    local waited=0
    until health "http://$backend"; do
      alive "$RUN/app-${backend##*:}.pid" && [ "$waited" -lt 600 ] ||
        { stop_all; die "the process on $backend did not start; see $RUN/app-${backend##*:}.log"; }
      sleep 0.2; waited=$((waited + 1))
    done
  done
  .venv/bin/python scripts/serve_class/nginx_conf.py "$RUN" "$ADDRESS" "$PORT" "${backends[@]}"
  "$nginx" -t -q -p "$RUN" -c "$RUN/nginx.conf" || { stop_all; die "nginx rejected $RUN/nginx.conf"; }
  "$nginx" -p "$RUN" -c "$RUN/nginx.conf" || { stop_all; die "nginx did not start; see $RUN/error.log"; }
  local host="$ADDRESS"
  if [ "$ADDRESS" = 0.0.0.0 ]; then host="$(hostname -I 2>/dev/null | awk '{print $1}')"; host="${host:-localhost}"; fi
  say "$count processes (PIDs ${pids[*]}) on 127.0.0.1:${APP_PORT}-$((APP_PORT + count - 1)), nginx on $ADDRESS:$PORT"
  say "warm every process before class: .venv/bin/python scripts/warm_up.py http://127.0.0.1:$PORT"
  say "stop: scripts/serve_class.sh stop   logs: $RUN"
  echo "Open http://$host:$PORT"
}

case "${1:-}" in
  stop) stop_all ;;
  status) status ;;
  "" | -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  *) start "$1" ;;
esac
