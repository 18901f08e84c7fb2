#!/usr/bin/env bash
# Benchmark: latency of reads through the gateway against the same reads sent straight to the
# services at the same time (Gatling, GatewayHealthAndDocsSimulation with -Dbaseline=true), repeated
# and summarised as medians of per-run percentiles, with the gateway/direct ratio.
#
# Usage: scripts/bench-gateway-overhead.sh [runs=3] [users-per-sec=20] [seconds=30]
# Needs the platform running on the default ports (./mvnw -Pdev package in another terminal).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; rate=${2:-20}; seconds=${3:-30}
curl -sf localhost:8080/actuator/health >/dev/null || { echo "Start the platform first: ./mvnw -Pdev package" >&2; exit 1; }
reports=()
for run in $(seq 1 "$runs"); do
  # Assertions are for the default load; here only the figures matter, so a failed assertion is not fatal.
  ./mvnw -q -B -ntp -pl load-tests gatling:test -Dgatling.simulationClass=com.cityexplorer.load.GatewayHealthAndDocsSimulation \
    -Dbaseline=true -Dusers.per.sec="$rate" -Dduration.seconds="$seconds" -Dp99.max.ms=100000 >/dev/null
  reports+=("$(ls -td load-tests/target/gatling/gatewayhealthanddocssimulation-* | head -1)")
done
python3 scripts/gatling_group_summary.py "${reports[@]}"
