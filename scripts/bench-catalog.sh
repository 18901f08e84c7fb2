#!/usr/bin/env bash
# Benchmarks of the place catalog's anonymous reads, with Gatling against the running platform:
#  nearby  NearbySearchSimulation, GET /api/v1/places/nearby at a fixed arrival rate (open model) around the
#          most populous cities, alternately straight to place-service and through the gateway; prints
#          p50/p95/p99 per run and medians, against p99 < 20 ms (service) and < 40 ms (gateway).
#  by-id   PlaceByIdThroughputSimulation, GET /api/v1/places/{id} as fast as answered on a fixed number of
#          connections (closed model), alternately through the gateway and through nginx in front of the
#          same place-service; prints requests/s per run, medians and gateway/nginx against >= 0.60.
#          Installs nginx (Debian package) if missing and runs its own instance from a temporary directory.
#  cost    The gateway's cost (issue 8): GatewayCostSimulation, one Gatling run reading places by id through the
#          gateway as a signed-in user (authentication and rate limiting on: every read is a session lookup, an
#          identity token and a token-bucket lease), through nginx, and straight from place-service, in turns:
#          WARMUP_SECONDS (30) of warm-up per target, then ROUNDS (the second argument, 6) rounds of
#          WINDOW_SECONDS (20) per target, every other round in the reverse order. Prints reads/s per window and
#          gateway/nginx per round, and their median against >= 0.60. The user's tier must be large enough never
#          to refuse (a refusal would be cheaper than a read), and the figures are for the JVMs as deployed
#          (the Helm chart's options): start the platform for it with
#            SPRING_APPLICATION_JSON='{"city-explorer.gateway.rate-limits.tiers.USER.replenish-per-second":1000000,
#              "city-explorer.gateway.rate-limits.tiers.USER.burst":1000000}' ./mvnw -Pdev package \
#              -Ddevstack.args=--production-jvm
#          The script checks the tier in the gateway's RateLimit-Policy header, and prints the JVM options of the
#          gateway and place-service, before measuring.
#
# Usage: scripts/bench-catalog.sh [nearby|by-id|cost|all (default: nearby and by-id)] [runs per target=3 | ROUNDS=6 for cost]
# Environment (defaults): GATEWAY_URL (http://127.0.0.1:8080), PLACE_URL (http://127.0.0.1:8083),
#   RATE (200 searches/s), NEARBY_SECONDS (60), CONNECTIONS (32), WARMUP_SECONDS (10; 30 for cost), BY_ID_SECONDS (30),
#   WINDOW_SECONDS (20, cost),
#   PLACE_ID (paris-eiffel-tower, the id whose answers are compared before measuring), GATEWAY_PROBE (/actuator/health:
#   the path that tells the gateway is up; scripts/bench-gateway-weight.sh measures gateways without an actuator)
# Needs the platform running on the default ports (./mvnw -Pdev package in another terminal); with
# --random-ports or another gateway port, set GATEWAY_URL and PLACE_URL. Exits with 3 if a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
section=${1:-all}; runs=${2:-3}
case "$section" in nearby|by-id|cost|all) ;; *) echo "Usage: $0 [nearby|by-id|cost|all] [runs=3]" >&2; exit 2 ;; esac
gateway=${GATEWAY_URL:-http://127.0.0.1:8080}; place=${PLACE_URL:-http://127.0.0.1:8083}
rate=${RATE:-200}; nearby_seconds=${NEARBY_SECONDS:-60}
connections=${CONNECTIONS:-32}; warmup=${WARMUP_SECONDS:-10}; by_id_seconds=${BY_ID_SECONDS:-30}
window_seconds=${WINDOW_SECONDS:-20}
place_id=${PLACE_ID:-paris-eiffel-tower}
catalog="$PWD/place-service/src/main/resources/catalog/places"

curl -sf -o /dev/null "$gateway${GATEWAY_PROBE:-/actuator/health}" || { echo "Start the platform first: ./mvnw -Pdev package (no gateway at $gateway)" >&2; exit 1; }
curl -sf "$place/actuator/health/readiness" >/dev/null || { echo "place-service is not ready at $place (set PLACE_URL)" >&2; exit 1; }

# shellcheck source=lib/bench.sh
source scripts/lib/bench.sh

status=0

nearby() {
  local reports=() run
  for run in $(seq 1 "$runs"); do
    echo "nearby, run $run of $runs: place-service, then gateway ($rate searches/s for ${nearby_seconds} s each)" >&2
    reports+=("$(simulate NearbySearchSimulation service -Dtarget.url="$place" -Dtarget.name=place-service \
      -Dcities.url="$gateway" -Dusers.per.sec="$rate" -Dduration.seconds="$nearby_seconds")")
    reports+=("$(simulate NearbySearchSimulation gateway -Dtarget.url="$gateway" -Dtarget.name=gateway \
      -Dcities.url="$gateway" -Dusers.per.sec="$rate" -Dduration.seconds="$nearby_seconds")")
  done
  echo "## Nearby search, $rate searches/s, radius 1000 m: straight to place-service against through the gateway"
  python3 scripts/gatling_request_stats.py nearby "${reports[@]}" || status=3
}

# The gateway and nginx must answer the same: 200 and the same body as place-service itself.
same_answers() {
  local target code
  for target in "place-service=$place" "gateway=$gateway" "nginx=$nginx_url"; do
    code=$(curl -s -o "$work/${target%%=*}.json" -w '%{http_code}' -H 'Accept: application/json' "${target#*=}/api/v1/places/$place_id")
    [ "$code" = 200 ] || { echo "${target%%=*} answered $code for $place_id" >&2; exit 1; }
  done
  cmp -s "$work/place-service.json" "$work/gateway.json" || { echo "the gateway's body for $place_id differs from place-service's" >&2; exit 1; }
  cmp -s "$work/place-service.json" "$work/nginx.json" || { echo "nginx's body for $place_id differs from place-service's" >&2; exit 1; }
  echo "place-service, gateway and nginx answer 200 with the same body for $place_id" >&2
}

by_id() {
  start_nginx "$place"
  same_answers
  local reports=() run
  for run in $(seq 1 "$runs"); do
    echo "by id, run $run of $runs: gateway, then nginx ($connections connections, ${warmup} s warm-up + ${by_id_seconds} s each)" >&2
    reports+=("$(simulate PlaceByIdThroughputSimulation gateway -Dtarget.url="$gateway" -Dtarget.name=gateway \
      -Dconnections="$connections" -Dwarmup.seconds="$warmup" -Dduration.seconds="$by_id_seconds" -Dcatalog.dir="$catalog")")
    reports+=("$(simulate PlaceByIdThroughputSimulation nginx -Dtarget.url="$nginx_url" -Dtarget.name=nginx \
      -Dconnections="$connections" -Dwarmup.seconds="$warmup" -Dduration.seconds="$by_id_seconds" -Dcatalog.dir="$catalog")")
  done
  echo "## Place by id, $connections connections: through the gateway against through nginx"
  MEASURE_SECONDS="$by_id_seconds" python3 scripts/gatling_request_stats.py by-id "${reports[@]}" || status=3
}

cost() {
  start_nginx "$place"
  same_answers
  local token policy report
  token=$(bench_user_token "$gateway")
  policy=$(curl -s -o /dev/null -D - -H "Authorization: Bearer $token" "$gateway/api/v1/places/$place_id" \
    | tr -d '\r' | sed -n 's/^[Rr]ate[Ll]imit-[Pp]olicy: //p')
  [ -n "$policy" ] || { echo "the gateway sent no RateLimit-Policy: are rate limits on?" >&2; exit 1; }
  case "$policy" in
    [0-9][0-9][0-9][0-9][0-9][0-9]*) ;;
    *) echo "the signed-in user's tier is $policy: too small, it would refuse reads. See the header of $0." >&2; exit 1 ;;
  esac
  echo "gateway rate limit for the benchmark user: $policy" >&2
  report_jvm_flags
  local rounds=${2:-6}
  local warmup=${WARMUP_SECONDS:-30}
  echo "cost: $connections connections; ${warmup} s of warm-up per target, then $rounds rounds of ${window_seconds} s windows" \
    "(gateway signed in, nginx, place-service; every other round in the reverse order)" >&2
  report=$(simulate GatewayCostSimulation cost -Dgateway.url="$gateway" -Dnginx.url="$nginx_url" -Ddirect.url="$place" \
    -Dtoken="$token" -Dconnections="$connections" -Dwarmup.seconds="$warmup" -Dwindow.seconds="$window_seconds" \
    -Drounds="$rounds" -Dcatalog.dir="$catalog")
  echo "## Place by id, $connections connections: gateway (signed in, rate limited), nginx and place-service, in turns"
  WINDOW_SECONDS="$window_seconds" python3 scripts/gatling_request_stats.py cost "${report#*=}" || status=3
}

# The JVM options the platform's gateway and place-service run with: the figures are for the JVMs as deployed
# (the Helm chart's options: ./mvnw -Pdev package -Ddevstack.args=--production-jvm) or say what they were not.
report_jvm_flags() {
  local port pid flags
  for port in "${gateway##*:}" "${place##*:}"; do
    pid=$(ss -ltnpH "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
    flags=$(tr '\0' ' ' < "/proc/${pid:-0}/cmdline" 2>/dev/null | grep -o -- ' -X[^ ]*' | tr -d '\n' || true)
    case "$flags" in
      *-XX:+UseSerialGC*-XX:ActiveProcessorCount=2*) echo "port $port runs the Helm chart's JVM options:$flags" >&2 ;;
      *) echo "NOTE: port $port does not run the Helm chart's JVM options (start the platform with" \
           "-Ddevstack.args=--production-jvm); its options:${flags:- none (the JVM defaults)}" >&2 ;;
    esac
  done
}

case "$section" in
  cost) cost "$@" ;;
  nearby) nearby ;;
  by-id) by_id ;;
  all) nearby; echo; by_id ;;
esac
exit "$status"
