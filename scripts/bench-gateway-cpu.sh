#!/usr/bin/env bash
# CPU per proxied read of two gateway builds, side by side (issues 5 and 8). On two shared cores every microsecond
# the gateway spends per request comes out of place-service's and the load generator's time, so this is the
# figure behind the gateway/nginx throughput ratio, and it is far less noisy than throughput.
#
# Each jar runs as a second gateway next to the platform (its own port, the platform's Redis registry to find
# place-service, a throwaway identity key, the dev stack's anonymous tier). Both are warmed for WARMUP_SECONDS
# (60) by wrk, then ROUNDS rounds alternate SECONDS (20) of reads through one and then the other: wrk -t2 -c32
# reading the 414 curated places by id (GET /api/v1/places/{id}, anonymous). Per run: reads/s and the CPU time
# (user + system, /proc/PID/stat) the gateway and place-service spent per read. Prints the medians and the
# candidate's CPU per read against the baseline's.
#
# Usage: scripts/bench-gateway-cpu.sh BASELINE_JAR [CANDIDATE_JAR (default gateway-service/target/*-exec.jar)] [ROUNDS=5]
# A baseline from an earlier commit:
#   git worktree add /tmp/gw-base COMMIT && (cd /tmp/gw-base && ./mvnw -q -pl gateway-service -am package -DskipTests)
#   scripts/bench-gateway-cpu.sh /tmp/gw-base/gateway-service/target/gateway-service-0.1.0-SNAPSHOT-exec.jar
# Two settings of one build: the same jar twice, with BASELINE_JAVA_OPTS / CANDIDATE_JAVA_OPTS (JVM options,
#   for example CANDIDATE_JAVA_OPTS=-Dreactor.netty.ioWorkerCount=2).
# Signed in (SIGNED_IN=1): both gateways get the platform's signing key (read from the environment of the platform's
#   gateway process, so only on this machine's dev stack) and a USER tier that never refuses; every read carries the
#   session token of a benchmark user registered through the platform's gateway (GATEWAY_URL, http://127.0.0.1:8080).
# Environment: PLACE_URL (http://127.0.0.1:8083), REDIS_HOST/REDIS_PORT (127.0.0.1:6379), KAFKA_BOOTSTRAP
#   (127.0.0.1:9092). Needs the platform running (./mvnw -Pdev package). Installs wrk (Debian package) if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n '2,23p' "$0" >&2; exit 2; }
baseline=$1
candidate=${2:-$(ls gateway-service/target/gateway-service-*-exec.jar 2>/dev/null | head -1)}
rounds=${3:-5}
place=${PLACE_URL:-http://127.0.0.1:8083}
warmup=${WARMUP_SECONDS:-60}; seconds=${SECONDS_PER_RUN:-20}
[ -f "$baseline" ] && [ -f "$candidate" ] || { echo "No such jar: $baseline or $candidate" >&2; exit 2; }
curl -sf "$place/actuator/health/readiness" >/dev/null || { echo "place-service is not ready at $place: start the platform first (./mvnw -Pdev package)" >&2; exit 1; }
place_pid=$(ss -ltnpH "sport = :${place##*:}" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
[ -n "$place_pid" ] || { echo "Cannot find place-service's process (listening on ${place##*:})" >&2; exit 1; }

# shellcheck source=lib/bench.sh
source scripts/lib/bench.sh # work directory, free_port, install_package, runtime_flags
install_package wrk
java_home="$(ls -d /usr/lib/jvm/*25* | head -1)"
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; cleanup' EXIT

"$java_home/bin/java" docker/GenerateKeys.java training "$work/keys" >/dev/null
key=$(sed -n 's/^city-explorer.gateway.identity.signing-key=//p' "$work/keys/config/application.properties")
signed_in=()
authorization=""
if [ "${SIGNED_IN:-0}" = 1 ]; then
  platform=${GATEWAY_URL:-http://127.0.0.1:8080}
  platform_pid=$(ss -ltnpH "sport = :${platform##*:}" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
  key=$(tr '\0' '\n' < "/proc/${platform_pid:-0}/environ" 2>/dev/null | sed -n 's/^CITY_EXPLORER_IDENTITY_SIGNING_KEY=//p' || true)
  [ -n "$key" ] || { echo "SIGNED_IN=1: cannot read the platform gateway's signing key (is the dev stack running here?)" >&2; exit 1; }
  signed_in=(--city-explorer.gateway.rate-limits.tiers.USER.replenish-per-second=1000000 --city-explorer.gateway.rate-limits.tiers.USER.burst=1000000)
  authorization="Bearer $(bench_user_token "$platform")"
fi

# The 414 curated ids, as PlaceByIdThroughputSimulation reads them (<catalog file name>-<slug>).
python3 - "$PWD/place-service/src/main/resources/catalog/places" "$authorization" > "$work/by-id.lua" <<'EOF'
import glob, json, os, sys
ids = [os.path.basename(f)[:-5] + "-" + p["slug"] for f in sorted(glob.glob(sys.argv[1] + "/*.json")) for p in json.load(open(f))["places"]]
print("ids = {" + ",".join('"%s"' % i for i in ids) + "}")
print("counter = 0")
auth = ', ["Authorization"] = "%s"' % sys.argv[2] if sys.argv[2] else ""
print('request = function() counter = counter + 1; return wrk.format("GET", "/api/v1/places/" .. ids[(counter %% #ids) + 1], {["Accept"] = "application/json"%s}) end' % auth)
EOF

# start NAME JAR [JVM options]: prints PORT PID once the gateway routes a read.
start() {
  local name=$1 jar=$2 port pid tries=0
  read -r -a opts <<<"${3:-}"
  port=$(free_port)
  "$java_home/bin/java" "${runtime_flags[@]}" "${opts[@]}" -jar "$jar" --server.port="$port" --city-explorer.gateway.identity.signing-key="$key" \
    --spring.data.redis.host="${REDIS_HOST:-127.0.0.1}" --spring.data.redis.port="${REDIS_PORT:-6379}" \
    --city-explorer.discovery.registry.enabled=true --city-explorer.discovery.registry.host="${REDIS_HOST:-127.0.0.1}" \
    --spring.kafka.bootstrap-servers="${KAFKA_BOOTSTRAP:-127.0.0.1:9092}" \
    --city-explorer.gateway.rate-limits.tiers.anonymous.replenish-per-second=20000 \
    --city-explorer.gateway.rate-limits.tiers.anonymous.burst=40000 "${signed_in[@]}" > "$work/$name.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/places/paris-eiffel-tower"; do
    kill -0 "$pid" 2>/dev/null && [ $((tries += 1)) -lt 120 ] || { echo "$name did not start:" >&2; tail -30 "$work/$name.log" >&2; exit 1; }
    sleep 1
  done
  echo "$port $pid"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# measure NAME PORT PID: one run; prints "NAME reads/s gateway-µs/read place-µs/read".
measure() {
  local name=$1 port=$2 pid=$3 g0 p0 g1 p1 out reads
  g0=$(cpu_ticks "$pid"); p0=$(cpu_ticks "$place_pid")
  out=$(wrk -t2 -c32 -d"${seconds}s" -s "$work/by-id.lua" "http://127.0.0.1:$port")
  g1=$(cpu_ticks "$pid"); p1=$(cpu_ticks "$place_pid")
  if grep -q "Non-2xx" <<<"$out"; then echo "$name answered errors:" >&2; echo "$out" >&2; exit 1; fi
  reads=$(awk '/requests in/ {print $1}' <<<"$out")
  python3 -c "import sys; r, t = $reads, $(getconf CLK_TCK); print('$name', round(r / $seconds), round(($g1 - $g0) / t * 1e6 / r, 1), round(($p1 - $p0) / t * 1e6 / r, 1))"
}

read -r base_port base_pid < <(start baseline "$baseline" "${BASELINE_JAVA_OPTS:-}") || true
[ -n "${base_pid:-}" ] || exit 1
pids+=("$base_pid")
read -r cand_port cand_pid < <(start candidate "$candidate" "${CANDIDATE_JAVA_OPTS:-}") || true
[ -n "${cand_pid:-}" ] || exit 1
pids+=("$cand_pid")
echo "baseline $baseline ${BASELINE_JAVA_OPTS:-} on :$base_port, candidate $candidate ${CANDIDATE_JAVA_OPTS:-} on :$cand_port; warming each for ${warmup} s" >&2
wrk -t2 -c32 -d"${warmup}s" -s "$work/by-id.lua" "http://127.0.0.1:$base_port" >/dev/null
wrk -t2 -c32 -d"${warmup}s" -s "$work/by-id.lua" "http://127.0.0.1:$cand_port" >/dev/null

echo "| run | gateway | reads/s | gateway CPU µs/read | place-service CPU µs/read |"
echo "|---|---|---|---|---|"
for run in $(seq 1 "$rounds"); do
  measure baseline "$base_port" "$base_pid"
  measure candidate "$cand_port" "$cand_pid"
done | tee "$work/runs" | awk -v r=0 '{ r++; printf "| %d | %s | %s | %s | %s |\n", int((r + 1) / 2), $1, $2, $3, $4 }'
python3 - "$work/runs" <<'EOF'
import statistics, sys
runs = [line.split() for line in open(sys.argv[1])]
med = {name: [statistics.median(float(r[i]) for r in runs if r[0] == name) for i in (1, 2, 3)] for name in ("baseline", "candidate")}
b, c = med["baseline"], med["candidate"]
print(f"\nmedians: baseline {b[0]:.0f} reads/s, {b[1]:.1f} µs/read; candidate {c[0]:.0f} reads/s, {c[1]:.1f} µs/read")
print(f"candidate / baseline: CPU per read {c[1] / b[1]:.2f}, reads/s {c[0] / b[0]:.2f}")
EOF
