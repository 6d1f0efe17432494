#!/usr/bin/env bash
# scripts/perf.sh [echo] [chat] [connect] [history] [plot]     (no argument: all of them)
#
# Measures every row of docs/PERFORMANCE.md on this machine with the load generator (duet bench):
# the server pinned to the last core, the generator to core 0, over loopback only.
#   echo     the generator alone against bench echo: the rate one generator core sustains
#   chat     one node on SQLite: --find-max (p99 <= 100 ms, nothing lost), then 1,000 msg/s
#   connect  one node: idle sockets up to the open-file limit (RSS and heap per connection), and a burst
#   history  first page, catch-up and chat list on a pair of 1M and 10M messages (filled once, kept)
#   plot     docs/perf/latency-vs-rate.png and docs/perf/memory-vs-connections.png from the figures
# Figures go to target/perf/*.jsonl (PERF_OUT to change). Bounded in time; stops what it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${PERF_OUT:-$root/target/perf}"
history_data="${PERF_HISTORY_DATA:-$root/target/perf-history}"
. "$root/scripts/jdk.sh"
JAVA_HOME="$(duet_find_jdk)" || exit 1
java="$JAVA_HOME/bin/java"
[ "$(nproc)" -ge 2 ] || { echo "needs at least 2 cores (server and generator apart)" >&2; exit 1; }
server_cpu=$(( $(nproc) - 1 ))
sections=("$@")
[ ${#sections[@]} -gt 0 ] || sections=(echo chat connect history plot)
mkdir -p "$out"
"$root/duet" --version >/dev/null # builds the jar if needed
jar="$root/target/duet.jar"
bench() { taskset -c 0 timeout 3600 "$java" -jar "$jar" bench "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# start_server LOG [serve options...]: one node on SQLite in a fresh folder, pinned; sets $port $server
start_server() {
  local log="$1"; shift
  local data; data="$(mktemp -d /tmp/duet-perf-XXXXXX)"
  port="$(free_port)"
  taskset -c "$server_cpu" "$java" -jar "$jar" serve --port "$port" --data "$data" --send-rate 0 \
      --registrations-per-address 0 --bcrypt-cost 4 "$@" >"$log" 2>&1 &
  server=$!
  pids+=("$server")
  for _ in $(seq 1 120); do grep -q "listening on http://" "$log" && return 0; sleep 0.5; done
  echo "the server did not start: $(tail -5 "$log")" >&2
  exit 1
}
stop_server() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }

for section in "${sections[@]}"; do
  case "$section" in
    echo)
      port="$(free_port)"
      taskset -c "$server_cpu" "$java" -jar "$jar" bench echo --port "$port" >"$out/echo.log" 2>&1 &
      server=$!; pids+=("$server"); sleep 2
      for rate in 20000 50000; do
        bench chat --target "http://127.0.0.1:$port" --server-pid "$server" --users 1000 --rate "$rate" \
            --warmup 10 --seconds 20 --prewarm 10 --label echo
      done | tee "$out/echo.jsonl"
      stop_server ;;
    chat)
      start_server "$out/chat-server.log"
      bench chat --target "http://127.0.0.1:$port" --server-pid "$server" --users 1000 --rate 1000 --warmup 5 \
          --seconds 20 --find-max --bisect 4 --label one-node-sqlite | tee "$out/chat.jsonl"
      stop_server ;;
    connect)
      limit=$(ulimit -Hn)
      n=$(( limit > 1100 ? limit - 1000 : 1000 ))
      [ "$n" -gt 200000 ] && n=200000
      start_server "$out/connect-server.log" --max-sockets-per-user 1000
      bench connect --target "http://127.0.0.1:$port" --server-pid "$server" --connections "$n" \
          --max-sockets-per-user 1000 --rate 2000 --hold 10 --label one-node | tee "$out/connect.jsonl"
      stop_server
      start_server "$out/burst-server.log" --max-sockets-per-user 1000
      bench connect --target "http://127.0.0.1:$port" --connections 0 --burst 1000 \
          --max-sockets-per-user 1000 --label burst | tee "$out/burst.jsonl"
      stop_server ;;
    history)
      for m in 1000000 10000000; do
        bench history --messages "$m" --data "$history_data/$m" | tee "$out/history-$m.jsonl"
      done ;;
    plot)
      "$java" -jar "$jar" bench plot --out "$root/docs/perf" "$out"/*.jsonl ;;
    *) echo "unknown section $section (see --help)" >&2; exit 2 ;;
  esac
done
echo "figures in $out" >&2
