#!/usr/bin/env bash
# Benchmarks of issue 4 (identity), with Gatling against the running platform:
#  1. AuthenticatedGetOverheadSimulation: the same GET anonymous and with a bearer token, 64 connections,
#     alternating phases; prints the throughput ratio per run and its median.
#  2. LoginFloodSimulation: reads through the gateway before, during and after a flood of logins;
#     prints read throughput and p99 with and without the flood, and the login throughput.
#
# Usage: scripts/bench-identity.sh [runs=3] [phase-seconds=20]
# Needs the platform running on the default ports (./mvnw -Pdev package in another terminal).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; phase=${2:-20}
curl -sf localhost:8080/actuator/health >/dev/null || { echo "Start the platform first: ./mvnw -Pdev package" >&2; exit 1; }
latest() { ls -td load-tests/target/gatling/"$1"-* | head -1; }
auth=(); flood=()
for run in $(seq 1 "$runs"); do
  ./mvnw -q -B -ntp -pl load-tests gatling:test -Dgatling.simulationClass=com.cityexplorer.load.AuthenticatedGetOverheadSimulation \
    -Dconnections=64 -Dphase.seconds="$phase" -Dphases=4 >/dev/null || echo "run $run: authentication simulation reported failures (see its report)" >&2
  auth+=("$(latest authenticatedgetoverheadsimulation)")
  # The flood's turned-away logins are KO by design, so Gatling's own assertion is not used.
  ./mvnw -q -B -ntp -pl load-tests gatling:test -Dgatling.simulationClass=com.cityexplorer.load.LoginFloodSimulation \
    -Dphase.seconds="$phase" >/dev/null || true
  flood+=("$(latest loginfloodsimulation)")
done
echo "## Authenticated against anonymous GET (64 connections)"
python3 scripts/gatling_request_stats.py auth "${auth[@]}"
echo
echo "## Reads during a login flood"
PHASE_SECONDS="$phase" python3 scripts/gatling_request_stats.py flood "${flood[@]}"
