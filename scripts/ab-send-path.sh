#!/usr/bin/env bash
# scripts/ab-send-path.sh OLD.jar NEW.jar [RATE...]       (default rates: 1000 4000 6000)
#
# Two builds of Duet side by side in one run, alternating (ROUNDS rounds, default 2), one chat step per rate:
# the server pinned to the last core, the generator (this checkout's duet bench) to core 0, both
# at a raised priority so that a busy neighbour moves the figures less. Prints the chat line of
# each step with, added, the server's CPU per message split by thread ("cpu_us_per_msg_by_thread":
# the committer, the publisher, Jetty's threads, the JIT...), counted over warm-up + measured window.
# A jar's lib/ folder must sit beside it (as target/ has it). OLD_JAVA_OPTS / NEW_JAVA_OPTS add JVM
# options to each server (the same jar twice with two GCs, say). Loopback only; stops what it starts.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/jdk.sh"
JAVA_HOME="$(duet_find_jdk)" || exit 1
java="$JAVA_HOME/bin/java"
[ $# -ge 2 ] || { echo "usage: $0 OLD.jar NEW.jar [RATE...]" >&2; exit 2; }
old="$1"; new="$2"; shift 2
rates=("$@"); [ ${#rates[@]} -gt 0 ] || rates=(1000 4000 6000)
"$root/duet" --version >/dev/null # builds this checkout's jar (the generator) if needed
bench_jar="$root/target/duet.jar"
server_cpu=$(( $(nproc) - 1 ))
nice_=""; [ "$(id -u)" = 0 ] && nice_="nice -n -15"
work="$(mktemp -d /tmp/duet-ab-XXXXXX)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
# CPU ticks of each thread of $server, by name with digits folded ("duet-jetty-12" -> "duet-jetty-N")
ticks() { for t in /proc/"$server"/task/*; do n="$(sed -E 's/[0-9]+/N/g' "$t/comm")"; s=($(sed 's/.*) //' "$t/stat")); echo "$n $((s[11] + s[12]))"; done 2>/dev/null; }

for round in $(seq 1 "${ROUNDS:-2}"); do
  for label in old new; do
    jar="$old"; opts="${OLD_JAVA_OPTS:-}"
    [ "$label" = new ] && { jar="$new"; opts="${NEW_JAVA_OPTS:-}"; }
    for rate in "${rates[@]}"; do
      rm -rf "$work/data"; port="$(free_port)"
      # shellcheck disable=SC2086 # options are words
      $nice_ taskset -c "$server_cpu" "$java" $opts -jar "$jar" serve --port "$port" --data "$work/data" --send-rate 0 \
          --registrations-per-address 0 --bcrypt-cost 4 >"$work/server.log" 2>&1 &
      server=$!
      for _ in $(seq 1 120); do grep -q "listening on http://" "$work/server.log" && break; sleep 0.5; done
      $nice_ taskset -c 0 timeout 600 "$java" -jar "$bench_jar" bench chat --target "http://127.0.0.1:$port" \
          --server-pid "$server" --users 1000 --rate "$rate" --prewarm 30 --warmup 5 --seconds 20 \
          --label "$label-r$round" 2>"$work/bench.err" >"$work/bench.out" &
      bench=$!
      for _ in $(seq 1 600); do grep -q 'step 0' "$work/bench.err" 2>/dev/null && break; sleep 0.2; done
      ticks >"$work/before"
      wait "$bench" || true
      ticks >"$work/after"
      kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""
      python3 - "$work" "$rate" <<'PY'
import collections, json, os, sys
work, rate = sys.argv[1], float(sys.argv[2])
def load(name):
    d = collections.Counter()
    for l in open(os.path.join(work, name)):
        n, _, c = l.rstrip().rpartition(' ')
        d[n] += int(c)
    return d
before, after = load('before'), load('after')
hz = os.sysconf('SC_CLK_TCK')
sent = rate * 25  # warm-up 5 s + measured 20 s
split = {n: round((after[n] - before[n]) / hz * 1e6 / sent, 1) for n in after if after[n] > before[n]}
lines = [l for l in open(os.path.join(work, 'bench.out')) if l.startswith('{')]
line = json.loads(lines[-1]) if lines else {"workload": "chat", "rate": rate, "failed": True}
line["cpu_us_per_msg_by_thread"] = dict(sorted(split.items(), key=lambda kv: -kv[1]))
line["cpu_us_per_msg"] = round(sum(split.values()), 1)
print(json.dumps(line))
PY
    done
  done
done
