# Shared by the benchmark scripts (sourced, not run): a work directory removed on exit, Gatling runs, and an
# nginx of our own as the baseline reverse proxy. The sourcing script sets -euo pipefail and cds to the repository.

work=$(mktemp -d /tmp/ce-bench.XXXXXXXX)
nginx_pid=""; nginx_dir=""
cleanup() {
  if [ -n "$nginx_pid" ]; then
    kill -TERM "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$work" ${nginx_dir:+"$nginx_dir"}
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The JVM options every service runs with (docker/Dockerfile, the Helm chart's javaOptions, the dev stack's
# ServiceProcess.RUNTIME_FLAGS): gateways started by a benchmark get them too, so they run as on the platform.
runtime_flags=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)

# bench_user_token GATEWAY_URL: registers a benchmark user through the gateway, signs it in, prints its session token.
bench_user_token() {
  local gateway=$1 email="bench-$(date +%s%N)@example.com" password="bench-password-$RANDOM$RANDOM"
  curl -sf -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\",\"displayName\":\"Benchmark\"}" "$gateway/api/v1/users" \
    || { echo "could not register a benchmark user at $gateway" >&2; exit 1; }
  curl -sf -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}" \
    "$gateway/api/v1/sessions" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

latest() { ls -td load-tests/target/gatling/"$1"-* | head -1; }

# simulate CLASS LABEL -D... : runs one simulation, prints LABEL=REPORT-DIRECTORY.
simulate() {
  local class=$1 label=$2; shift 2
  local log="$work/$class-$label-$(date +%s%N).log"
  if ! ./mvnw -q -B -ntp -pl load-tests gatling:test -Dgatling.simulationClass="com.cityexplorer.load.$class" "$@" >"$log" 2>&1; then
    echo "$class against $label failed:" >&2; tail -30 "$log" >&2; exit 1
  fi
  echo "$label=$(latest "${class,,}")"
}

# install_package PROGRAM [PACKAGE]: installs the Debian package (named as the program unless given) if the program is missing.
install_package() {
  local program=$1 package=${2:-$1}
  if command -v "$program" >/dev/null || [ -x "/usr/sbin/$program" ]; then return 0; fi
  echo "Installing $package (Debian package)..." >&2
  local sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >&2 \
    || { "${sudo[@]}" apt-get update -q >&2 && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >&2; }
}

install_nginx() { install_package nginx; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_nginx UPSTREAM-URL: our own nginx in front of the same service, as lean as a reverse proxy gets:
# kept-alive upstream connections, no access log, no buffering to disk, no caching. Sets nginx_url.
start_nginx() {
  local upstream_url=$1
  install_nginx
  local bin; bin=$(command -v nginx || echo /usr/sbin/nginx)
  nginx_dir=$(mktemp -d /tmp/ce-nginx.XXXXXXXX)
  local dir=$nginx_dir
  chmod 755 "$dir" # worker processes run as nobody when started by root
  local port; port=$(free_port)
  local upstream=${upstream_url#http://}; upstream=${upstream%%/*}; upstream=${upstream/localhost/127.0.0.1}
  cat > "$dir/nginx.conf" <<EOF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events {
  worker_connections 4096;
}
http {
  access_log off;
  client_body_temp_path $dir/client_body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  keepalive_requests 1000000;
  upstream service {
    server $upstream;
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://service;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
  "$bin" -t -q -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf"
  "$bin" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" -g 'daemon off;' &
  nginx_pid=$!
  nginx_url="http://127.0.0.1:$port"
  local tries=0
  until curl -sf "$nginx_url/actuator/health/readiness" >/dev/null; do
    kill -0 "$nginx_pid" 2>/dev/null && [ $((tries += 1)) -lt 100 ] || { echo "nginx did not start:" >&2; cat "$dir/error.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "nginx $("$bin" -v 2>&1 | sed 's/.*\///') on $nginx_url -> $upstream (configuration: $dir/nginx.conf)" >&2
}

