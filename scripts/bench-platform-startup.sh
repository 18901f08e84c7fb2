#!/usr/bin/env bash
# Benchmark: time from the README's run command to "City Explorer is ready", and the resident memory
# of every process of the running platform, for the tuned launch (small heaps, C1, class-data sharing)
# against a baseline launch of the same jars on the JVM's defaults (--plain-jvm), alternating in one
# session so both see the same machine. Each launch uses its own data directory; the first tuned
# launch is "cold" (no class-data archive yet), the others "warm".
#
# Usage: scripts/bench-platform-startup.sh [runs-per-variant, default 3]
# Needs: a built tree (./mvnw -q install -DskipTests) or patience for the first build; ports 8080-8086,
# 27017, 9092, 9093 and 6379 free.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
out=$(mktemp -d /tmp/ce-bench.XXXXXX)
results="$out/results.tsv"
echo -e "variant\trun\tready_s\tplatform_rss_mb\tmaven_rss_mb\tstop_s" > "$results"

rss_of() { ps -o rss= -p "$1" 2>/dev/null | awk '{s+=$1} END {print s+0}'; }

measure() { # $1 variant, $2 run, $3 extra launcher args
  local variant=$1 run=$2 extra=$3 data="$out/data-$1" log="$out/$1-$2.log"
  local start=$(date +%s%N)
  setsid ./mvnw -q -Pdev package "-Ddevstack.args=--data-dir=$data $extra" > "$log" 2>&1 &
  local pgid=$!
  until grep -q "City Explorer is ready" "$log"; do
    if ! kill -0 "$pgid" 2>/dev/null; then echo "launch failed, see $log" >&2; cat "$log" >&2; exit 1; fi
    sleep 0.2
  done
  local ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 5 # let the JVMs settle after start-up
  local platform=0 maven=0
  for pid in $(pgrep -g "$pgid"); do
    local cmd; cmd=$(tr '\0' ' ' < /proc/$pid/cmdline 2>/dev/null || true)
    local rss; rss=$(rss_of "$pid")
    case "$cmd" in
      *plexus-classworlds*|*apache-maven*) maven=$((maven + rss)) ;;
      *java*|*redis-server*) platform=$((platform + rss)) ;;
    esac
  done
  local stop_start=$(date +%s%N)
  kill -TERM -- -"$pgid"
  while pgrep -g "$pgid" >/dev/null; do sleep 0.2; done
  local stopped_ms=$(( ($(date +%s%N) - stop_start) / 1000000 ))
  printf "%s\t%s\t%d.%d\t%d\t%d\t%d.%d\n" "$variant" "$run" $((ready_ms / 1000)) $((ready_ms % 1000 / 100)) $((platform / 1024)) $((maven / 1024)) $((stopped_ms / 1000)) $((stopped_ms % 1000 / 100)) | tee -a "$results"
}

./mvnw -q install -DskipTests >/dev/null
for run in $(seq 1 "$runs"); do
  measure tuned "$run" ""
  measure plain "$run" "--plain-jvm"
done

echo
echo "Medians (tuned: runs 2..$runs are warm, run 1 builds the class-data archives):"
for variant in tuned plain; do
  for col in 3 4; do
    awk -F'\t' -v v=$variant -v c=$col -v skip=$([ $variant = tuned ] && echo 1 || echo 0) \
      'NR>1 && $1==v && !(skip && $2==1) {print $c}' "$results" | sort -n |
      awk -v v=$variant -v c=$col '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%s %s median: %s\n", v, (c==3?"ready_s":"platform_rss_mb"), m}'
  done
done
echo "Raw results: $results"
