#!/usr/bin/env bash
# Benchmark: does the JDK's AOT cache in the images (docker/Dockerfile, stage "train") pay? For each service, the
# same steps as the image build, on the host's JDK 25: the Spring Boot jar extracted into layers, a training run
# writing app.aot, then runs alternating without and with the cache, each timed from JVM start to a refreshed
# application context (spring.context.exit=onRefresh, no Mongo/Redis/Kafka needed), SerialGC as in the chart.
# Prints per-run times, then per service the medians and their ratio (cache / no cache).
#
# Usage: scripts/bench-aot-startup.sh [runs, default 5] [services, default the five that start without Redis/Mongo]
# Needs: the services' jars (./mvnw -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
services=${2:-"user-service city-service place-service itinerary-service review-service"}
java_home="$(ls -d /usr/lib/jvm/*25* | head -1)"
java="$java_home/bin/java"
# As the image's training run and JDK_JAVA_OPTIONS: the cache maps only into a JVM with the same GC and module options.
image_flags=(-XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
work=$(mktemp -d /tmp/ce-aot.XXXXXX)
"$java" docker/GenerateKeys.java training "$work/training"
ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo -e "service\tvariant\trun\tms" > "$work/results.tsv"
for service in $services; do
  app="$work/$service"
  jar=$(ls "$service"/target/"$service"-*-exec.jar)
  cp "$jar" "$work/app.jar"
  "$java" -Djarmode=tools -jar "$work/app.jar" extract --layers --destination "$work/layers-$service" > /dev/null
  mkdir -p "$app"
  for layer in dependencies spring-boot-loader snapshot-dependencies application; do cp -r "$work/layers-$service/$layer/." "$app/"; done
  mv "$app/app.jar" "$app/service.jar"
  (cd "$work/training" && "$java" "${image_flags[@]}" -XX:AOTCacheOutput="$app/app.aot" -Dspring.context.exit=onRefresh \
      -jar "$app/service.jar" > "$work/$service-training.log" 2>&1) || echo "$service: training run ended early (see $work/$service-training.log)"
  for run in $(seq "$runs"); do
    for variant in plain aot; do
      flags=("${image_flags[@]}")
      [ "$variant" = aot ] && flags+=(-XX:AOTCache="$app/app.aot")
      start=$(ms)
      (cd "$work/training" && "$java" "${flags[@]}" -Dspring.context.exit=onRefresh -jar "$app/service.jar" > "$work/$service-$variant-$run.log" 2>&1) || true
      echo -e "$service\t$variant\t$run\t$(( $(ms) - start ))" | tee -a "$work/results.tsv"
    done
  done
done
echo
echo -e "service\tplain_median_ms\taot_median_ms\tratio"
for service in $services; do
  plain=$(awk -v s="$service" '$1==s && $2=="plain" {print $4}' "$work/results.tsv" | median)
  aot=$(awk -v s="$service" '$1==s && $2=="aot" {print $4}' "$work/results.tsv" | median)
  echo -e "$service\t$plain\t$aot\t$(awk -v a="$aot" -v p="$plain" 'BEGIN {printf "%.2f", a/p}')"
done
echo "(raw results: $work/results.tsv)"
