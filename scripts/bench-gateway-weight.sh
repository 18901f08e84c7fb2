#!/usr/bin/env bash
# Where the gateway's cost against nginx comes from (issues 5 and 8): the cached place-by-id comparison of
# scripts/bench-catalog.sh by-id, run against other gateways in front of the same place-service:
#   bare        a plain Spring Cloud Gateway (the version this build uses, nothing else: no actuator, no
#               load balancer, no filters of ours), one static route to place-service. Generated and built
#               in a temporary directory.
#   full        a second copy of this repository's gateway (gateway-service/target/*-exec.jar), as the
#               platform runs it: the same figure as by-id, measured the same way as the variants.
#   static      that copy with one static route to place-service instead of the load-balanced route table.
#   no-extras   that copy without tracing, request metrics, rate limits, access log, circuit breaker and
#               retries (the route table and load balancer stay).
#   stripped    static and no-extras together.
# Each copy gets its own port, the platform's Redis registry to find place-service, and a throwaway identity
# key (docker/GenerateKeys.java; anonymous reads need none). Before measuring, each target is warmed for TARGET_WARMUP_SECONDS (90) by
# Gatling's by-id reads alone (nginx needs no warming): a fresh JVM compiles for over a minute.
#
# Usage: scripts/bench-gateway-weight.sh [runs per target=1] [targets (default: bare full static no-extras stripped)]
# Environment: as scripts/bench-catalog.sh (PLACE_URL, CONNECTIONS, WARMUP_SECONDS, BY_ID_SECONDS), and
#   REDIS_HOST/REDIS_PORT (127.0.0.1:6379), KAFKA_BOOTSTRAP (127.0.0.1:9092). Needs the platform running (./mvnw -Pdev package) and a built
#   gateway (the dev build makes one). Prints bench-catalog's table and gateway/nginx ratio per target.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1}; shift || true
if [ $# -gt 0 ]; then targets=("$@"); else targets=(bare full static no-extras stripped); fi
place=${PLACE_URL:-http://127.0.0.1:8083}
redis_host=${REDIS_HOST:-127.0.0.1}; redis_port=${REDIS_PORT:-6379}
target_warmup=${TARGET_WARMUP_SECONDS:-90}

curl -sf "$place/actuator/health/readiness" >/dev/null || { echo "place-service is not ready at $place: start the platform first (./mvnw -Pdev package)" >&2; exit 1; }
jar=$(ls gateway-service/target/gateway-service-*-exec.jar 2>/dev/null | head -1)
[ -n "$jar" ] || { echo "No gateway jar: ./mvnw -pl gateway-service -am package -DskipTests" >&2; exit 1; }

# shellcheck source=lib/bench.sh
source scripts/lib/bench.sh # work directory, simulate, free_port, runtime_flags
dir=$work
pid=""
stop_target() { if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap 'stop_target; cleanup' EXIT
java_home="$(ls -d /usr/lib/jvm/*25* | head -1)"

# A plain Spring Cloud Gateway: the parent and release train of this build, one route, nothing else.
build_bare() {
  local boot cloud
  boot=$(sed -n '/<artifactId>spring-boot-starter-parent<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p}' pom.xml)
  cloud=$(sed -n 's/.*<spring-cloud.version>\(.*\)<\/spring-cloud.version>.*/\1/p' pom.xml)
  mkdir -p "$dir/bare/src/main/java/bare"
  cat > "$dir/bare/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>$boot</version><relativePath/></parent>
  <groupId>bench</groupId><artifactId>bare-gateway</artifactId><version>1</version>
  <properties><java.version>25</java.version></properties>
  <dependencyManagement><dependencies><dependency><groupId>org.springframework.cloud</groupId>
    <artifactId>spring-cloud-dependencies</artifactId><version>$cloud</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>
  <dependencies><dependency><groupId>org.springframework.cloud</groupId><artifactId>spring-cloud-starter-gateway-server-webflux</artifactId></dependency></dependencies>
  <build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>
</project>
EOF
  cat > "$dir/bare/src/main/java/bare/BareGateway.java" <<'EOF'
package bare;

@org.springframework.boot.autoconfigure.SpringBootApplication
public class BareGateway {
    public static void main(String[] args) {
        org.springframework.boot.SpringApplication.run(BareGateway.class, args);
    }
}
EOF
  JAVA_HOME=$java_home ./mvnw -q -B -ntp -f "$dir/bare/pom.xml" package -DskipTests >&2
}

# start_target NAME: starts it on a free port, sets target_url and pid.
start_target() {
  local name=$1 port args=() key
  port=$(free_port)
  case "$name" in
    bare)
      [ -f "$dir/bare/target/bare-gateway-1.jar" ] || build_bare
      args=(-jar "$dir/bare/target/bare-gateway-1.jar" --server.port="$port"
        "--spring.cloud.gateway.server.webflux.routes[0].id=place" "--spring.cloud.gateway.server.webflux.routes[0].uri=$place"
        "--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/api/v1/places/**") ;;
    full|static|no-extras|stripped)
      [ -f "$dir/keys/config/application.properties" ] || "$java_home/bin/java" docker/GenerateKeys.java training "$dir/keys" >/dev/null
      key=$(sed -n 's/^city-explorer.gateway.identity.signing-key=//p' "$dir/keys/config/application.properties")
      args=(-jar "$jar" --server.port="$port" --city-explorer.gateway.identity.signing-key="$key"
        --spring.data.redis.host="$redis_host" --spring.data.redis.port="$redis_port"
        --city-explorer.discovery.registry.enabled=true --city-explorer.discovery.registry.host="$redis_host"
        --spring.kafka.bootstrap-servers="${KAFKA_BOOTSTRAP:-127.0.0.1:9092}"
        # The dev stack's anonymous tier (scripts/bench-catalog.sh's reads must never be refused).
        --city-explorer.gateway.rate-limits.tiers.anonymous.replenish-per-second=20000
        --city-explorer.gateway.rate-limits.tiers.anonymous.burst=40000)
      if [ "$name" = static ] || [ "$name" = stripped ]; then
        args+=("--spring.cloud.gateway.server.webflux.routes[0].id=place-api" "--spring.cloud.gateway.server.webflux.routes[0].uri=$place"
          "--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/api/v1/places/**")
      fi
      if [ "$name" = no-extras ] || [ "$name" = stripped ]; then
        args+=(--management.tracing.enabled=false --management.observations.enable.http.server.requests=false
          --spring.cloud.gateway.server.webflux.metrics.enabled=false --city-explorer.gateway.rate-limits.enabled=false
          --city-explorer.gateway.access-log.enabled=false --spring.cloud.gateway.server.webflux.default-filters=)
      fi ;;
    *) echo "unknown target $name (bare, full, static, no-extras, stripped)" >&2; exit 2 ;;
  esac
  "$java_home/bin/java" "${runtime_flags[@]}" "${args[@]}" > "$dir/$name.log" 2>&1 &
  pid=$!
  target_url="http://127.0.0.1:$port"
  local tries=0
  until curl -sf -o /dev/null "$target_url/api/v1/places/${PLACE_ID:-paris-eiffel-tower}"; do
    kill -0 "$pid" 2>/dev/null && [ $((tries += 1)) -lt 120 ] || { echo "$name did not start:" >&2; tail -30 "$dir/$name.log" >&2; exit 1; }
    sleep 1
  done
  echo "$name gateway on $target_url" >&2
}

for name in "${targets[@]}"; do
  start_target "$name"
  echo "warming $name for ${target_warmup} s" >&2
  simulate PlaceByIdThroughputSimulation "$name-warm-up" -Dtarget.url="$target_url" -Dtarget.name="$name" \
    -Dconnections="${CONNECTIONS:-32}" -Dwarmup.seconds="$target_warmup" -Dduration.seconds=1 \
    -Dcatalog.dir="$PWD/place-service/src/main/resources/catalog/places" >/dev/null
  echo "## $name"
  GATEWAY_URL=$target_url GATEWAY_PROBE=/api/v1/places/${PLACE_ID:-paris-eiffel-tower} scripts/bench-catalog.sh by-id "$runs" || true
  stop_target
done
