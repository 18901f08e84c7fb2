#!/usr/bin/env bash
# Click redirects (issue 7), with Gatling against the running platform: ClickRedirectSimulation at a fixed
# arrival rate (open model, each click from its own client), through the gateway and, as the baseline in
# the same run, through nginx in front of the same affiliate-service: both warmed up together, then each
# measured on its own at the full rate, in alternating order from run to run. Afterwards the partner's
# report must count every click answered 302. Prints p50/p95/p99 per run and medians, the gateway's p99
# against nginx's, and the target (p99 under 15 ms at 1,000 clicks/s).
# Installs nginx (Debian package) if missing and runs its own instance from a temporary directory.
#
# Usage: scripts/bench-clicks.sh [runs=3]
# Environment (defaults): GATEWAY_URL (http://127.0.0.1:8080), AFFILIATE_URL (http://127.0.0.1:8086),
#   RATE (1000 clicks/s), CLICK_SECONDS (30 per measured phase), WARMUP_SECONDS (20)
# Needs the platform running on the default ports (./mvnw -Pdev package in another terminal). Exits with 3
# if the target is missed or a click failed or went uncounted.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
gateway=${GATEWAY_URL:-http://127.0.0.1:8080}; affiliate=${AFFILIATE_URL:-http://127.0.0.1:8086}
rate=${RATE:-1000}; seconds=${CLICK_SECONDS:-30}; warmup=${WARMUP_SECONDS:-20}

curl -sf "$gateway/actuator/health" >/dev/null || { echo "Start the platform first: ./mvnw -Pdev package (no gateway at $gateway)" >&2; exit 1; }
curl -sf "$affiliate/actuator/health/readiness" >/dev/null || { echo "affiliate-service is not ready at $affiliate (set AFFILIATE_URL)" >&2; exit 1; }

# shellcheck source=lib/bench.sh
source scripts/lib/bench.sh

start_nginx "$affiliate"
results=()
for run in $(seq 1 "$runs"); do
  first=$([ $((run % 2)) -eq 0 ] && echo true || echo false)
  echo "clicks, run $run of $runs: ${warmup} s warm-up, then $([ "$first" = true ] && echo "nginx, then gateway" || echo "gateway, then nginx")" \
    "($rate clicks/s for ${seconds} s each)" >&2
  report=$(simulate ClickRedirectSimulation clicks -Dgateway.url="$gateway" -Dbaseline.url="$nginx_url" -Dbaseline.first="$first" \
    -Drate="$rate" -Dduration.seconds="$seconds" -Dwarmup.seconds="$warmup" -Daccounting.file="$work/accounting-$run.txt")
  echo "  $(cat "$work/accounting-$run.txt")" >&2
  results+=("${report#clicks=}=$work/accounting-$run.txt")
done
echo "## Click redirects, $rate clicks/s: through the gateway against through nginx (same affiliate-service)"
status=0
P99_CLICK_MS=${P99_CLICK_MS:-15} python3 scripts/gatling_request_stats.py clicks "${results[@]}" || status=3
exit "$status"
