#!/usr/bin/env bash
# scripts/scale-bench.sh [--out DIR] [--users N] [--seconds N] [--connections N] [--quick]
#                        [--only one-node|cluster] [--skip-chat]
#
# Measures, in one run and with one generator, one Duet node on SQLite against two nodes on
# PostgreSQL + Redis behind HAProxy (./duet cluster): the highest durable message rate with p99 of
# send->delivered and send->ack within 100 ms and nothing lost (duet bench chat --find-max), p99 at
# 1,000 msg/s (the first step of the search), and idle connections held (duet bench connect).
# Same CPU budget for both: every server process on the last core, the generator on core 0.
# Figures go to DIR/*.jsonl (default: target/scale-bench); docs/SCALING.md explains them.
# Loopback only; bounded in time; stops everything it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/target/scale-bench"
users=1000
seconds=15
connections=8000
quick=0
only=""
skip_chat=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --users) users="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --quick) quick=1; seconds=5; connections=1000; shift ;;
    --only) only="$2"; shift 2 ;;
    --skip-chat) skip_chat=1; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
. "$root/scripts/jdk.sh"
JAVA_HOME="$(duet_find_jdk)" || exit 1
java="$JAVA_HOME/bin/java"
cores=$(nproc)
server_cpu=$((cores - 1))
gen_cpu=0
[ "$cores" -ge 2 ] || { echo "needs at least 2 cores (server and generator apart)" >&2; exit 1; }
mkdir -p "$out"
"$root/duet" --version >/dev/null # builds the jar if needed
jar="$root/target/duet.jar"
flags=(--send-rate 0 --registrations-per-address 0 --bcrypt-cost 4 --max-sockets-per-user 64)
bench() { taskset -c "$gen_cpu" timeout 1800 "$java" -jar "$jar" bench "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

measure() { # label url pid...
  local label="$1" url="$2"; shift 2
  local pid_args=()
  for p in "$@"; do pid_args+=(--server-pid "$p"); done
  echo "== $label: chat --find-max" >&2
  [ "$skip_chat" = 1 ] || bench chat --target "$url" "${pid_args[@]}" --users "$users" --rate 1000 --warmup 5 --seconds "$seconds" \
      --find-max --bisect $([ "$quick" = 1 ] && echo 1 || echo 4) --user-prefix "s_${label}_" --label "$label" | tee "$out/$label-chat.jsonl"
  if "$java" -jar "$jar" bench --help 2>/dev/null | grep -qw connect; then
    echo "== $label: connect $connections" >&2
    bench connect --target "$url" "${pid_args[@]}" --connections "$connections" --max-sockets-per-user 64 \
        --rate 2000 --hold 10 --user-prefix "c_${label}_" --label "$label" | tee "$out/$label-connect.jsonl"
  fi
}

# 1. One node, SQLite.
if [ "$only" != cluster ]; then
data="$(mktemp -d /tmp/duet-scale-XXXXXX)"
port="$(free_port)"
taskset -c "$server_cpu" "$java" -jar "$jar" serve --port "$port" --data "$data" "${flags[@]}" >"$out/one-node.log" 2>&1 &
node=$!
pids+=("$node")
for _ in $(seq 1 120); do grep -q "listening on http://" "$out/one-node.log" && break; sleep 0.5; done
measure one-node-sqlite "http://127.0.0.1:$port" "$node"
kill "$node"; wait "$node" 2>/dev/null || true
rm -rf "$data"
fi

# 2. Two nodes, PostgreSQL + Redis, HAProxy in front.
[ "$only" = one-node ] && exit 0
lb="$(free_port)"
DUET_CLUSTER_LOGS="$out/cluster-logs" taskset -c "$server_cpu" "$root/duet" cluster --nodes 2 --port "$lb" -- "${flags[@]}" >"$out/cluster.log" 2>&1 &
cluster=$!
pids+=("$cluster")
for _ in $(seq 1 240); do grep -q "^pids: " "$out/cluster.log" && break; sleep 0.5; done
grep -q "^pids: " "$out/cluster.log" || { echo "the cluster did not start:" >&2; cat "$out/cluster.log" >&2; exit 1; }
cluster_pids=()
for kv in $(grep "^pids: " "$out/cluster.log" | sed 's/^pids: //'); do cluster_pids+=("${kv#*=}"); done
measure two-nodes-pg-redis "http://127.0.0.1:$lb" "${cluster_pids[@]}"
kill -TERM "$cluster"; wait "$cluster" 2>/dev/null || true
echo "figures in $out" >&2
