#!/usr/bin/env bash
# ./duet cluster [--nodes N] [--port PORT] [-- SERVE-OPTIONS...]
#
# Tries the scale-out mode on one machine: a private PostgreSQL and Redis, N Duet nodes, and
# HAProxy in front of them (WebSockets included), all on 127.0.0.1 and all in one temporary
# folder. Prints the one URL to open; Ctrl-C stops everything and deletes the folder.
# Options after -- go to every node's 'duet serve' (e.g. -- --send-rate 0 for the load generator).
# DUET_CLUSTER_LOGS=DIR keeps the nodes', Redis's and HAProxy's logs there when it stops.
# Also prints 'pids: node1=PID ... postgres=PID redis=PID haproxy=PID' for 'duet bench --server-pid'.
#
# Needs Debian's postgresql, redis-server and haproxy packages; installs them with apt-get when
# run as root, or says how. Nothing here touches the machine's own PostgreSQL or Redis service.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

nodes=3
lb_port=8080
node_options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes="$2"; shift 2 ;;
    --port) lb_port="$2"; shift 2 ;;
    --) shift; node_options=("$@"); break ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ "$nodes" -ge 1 ] 2>/dev/null || { echo "--nodes must be a number >= 1" >&2; exit 2; }

pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
missing=()
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]}..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  else
    echo "The cluster needs: ${missing[*]}. Install them, e.g. 'sudo apt-get install ${missing[*]}', and run again." >&2
    exit 1
  fi
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

work="$(mktemp -d /tmp/duet-cluster-XXXXXX)"
chmod 755 "$work"
pids=()
cleanup() {
  trap - INT TERM EXIT
  echo "Stopping the cluster..." >&2
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -f "$work/pg/postmaster.pid" ]; then run_pg "$pg_bin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true; fi
  wait 2>/dev/null || true
  if [ -n "${DUET_CLUSTER_LOGS:-}" ]; then mkdir -p "$DUET_CLUSTER_LOGS" && cp "$work"/*.log "$DUET_CLUSTER_LOGS"/ 2>/dev/null || true; fi
  rm -rf "$work"
}
trap 'cleanup; exit 130' INT TERM
trap cleanup EXIT

# PostgreSQL refuses to run as root: as root, run it as the 'postgres' system user.
run_pg() {
  if [ "$(id -u)" = 0 ]; then
    local user=postgres
    id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

pg_port="$(free_port)"
mkdir -p "$work/pg"
[ "$(id -u)" = 0 ] && chown postgres "$work/pg"
echo "Starting PostgreSQL on 127.0.0.1:$pg_port..." >&2
run_pg "$pg_bin/initdb" -D "$work/pg" -U duet --auth=trust -E UTF8 >"$work/initdb.log" 2>&1
run_pg "$pg_bin/pg_ctl" -D "$work/pg" -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" -l "$work/pg/server.log" -w start >/dev/null
run_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U duet duet

redis_port="$(free_port)"
echo "Starting Redis on 127.0.0.1:$redis_port..." >&2
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
named_pids="redis=$! "

db="postgresql://duet@127.0.0.1:$pg_port/duet"
redis="redis://127.0.0.1:$redis_port"
url="http://127.0.0.1:$lb_port"

# Build once, before the nodes start side by side.
"$root/duet" serve --help >/dev/null

backends=""
for i in $(seq 1 "$nodes"); do
  port="$(free_port)"
  mkdir -p "$work/node$i"
  echo "Starting node $i on 127.0.0.1:$port..." >&2
  DUET_DB="$db" DUET_REDIS="$redis" "$root/duet" serve --host 127.0.0.1 --port "$port" --data "$work/node$i" \
      --public-url "$url" --trusted-proxy 127.0.0.1 ${node_options[@]+"${node_options[@]}"} >"$work/node$i.log" 2>&1 &
  pids+=($!)
  named_pids+="node$i=$! "
  backends+="    server node$i 127.0.0.1:$port check"$'\n'
  for _ in $(seq 1 120); do
    grep -q "listening on http://" "$work/node$i.log" 2>/dev/null && break
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then echo "node $i failed to start:" >&2; cat "$work/node$i.log" >&2; exit 1; fi
    sleep 0.5
  done
done

# Each proxied connection takes two file descriptors in HAProxy: stay within the hard limit.
fd_limit="$(ulimit -Hn)"
[ "$fd_limit" = unlimited ] && fd_limit=1048576
maxconn=$(( (fd_limit - 100) / 2 ))
[ "$maxconn" -gt 60000 ] && maxconn=60000
cat >"$work/haproxy.cfg" <<EOF
global
    maxconn $maxconn
defaults
    mode http
    timeout connect 5s
    timeout client 75s
    timeout server 75s
    timeout tunnel 1h
    option forwardfor
frontend duet
    bind 127.0.0.1:$lb_port
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /healthz
$backends
EOF
echo "Starting HAProxy on $url..." >&2
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
pids+=($!)
sleep 1
kill -0 "${pids[-1]}" 2>/dev/null || { echo "HAProxy failed to start:" >&2; cat "$work/haproxy.log" >&2; exit 1; }

echo
named_pids+="postgres=$(head -n 1 "$work/pg/postmaster.pid") haproxy=${pids[-1]}"
echo "Duet cluster of $nodes nodes is up: open $url"
echo "pids: $named_pids"
echo "(logs in $work; Ctrl-C stops everything)"
wait -n "${pids[@]}" || true
echo "A process of the cluster stopped; see the logs above." >&2
