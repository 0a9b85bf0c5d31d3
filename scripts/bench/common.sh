# Shared by the benchmarks that poll local feeds through nginx (scripts/bench-fetch,
# scripts/bench-cluster). Sourced; needs NGINX set.

# bench_urls FEEDS HOSTS PORT: the feeds' URLs, feed N on host 127.0.0.(N mod HOSTS + 1).
bench_urls() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
feeds, hosts, port = map(int, sys.argv[1:])
for n in range(feeds):
    print("http://127.0.0.%d:%d/feed-%d.xml" % (n % hosts + 1, port, n // hosts))
PY
}

# bench_nginx WORK HOSTS PORT: nginx serving WORK/www/127.0.0.H on every host's address,
# gzip_static, no access log, started in the background ($! is its PID). The system's nginx
# configuration is never read.
bench_nginx() {
  local work=$1 hosts=$2 port=$3
  mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
  {
    echo "worker_processes 1;"
    echo "daemon off;"
    echo "pid $work/nginx/nginx.pid;"
    echo "error_log $work/nginx/logs/error.log warn;"
    echo "events { worker_connections 4096; }"
    echo "http {"
    echo "  access_log off;"
    echo "  client_body_temp_path $work/nginx/tmp/body;"
    echo "  proxy_temp_path $work/nginx/tmp/proxy;"
    echo "  fastcgi_temp_path $work/nginx/tmp/fastcgi;"
    echo "  uwsgi_temp_path $work/nginx/tmp/uwsgi;"
    echo "  scgi_temp_path $work/nginx/tmp/scgi;"
    echo "  types { application/rss+xml xml; }"
    echo "  sendfile on; tcp_nopush on; keepalive_requests 10000;"
    echo "  gzip on; gzip_static on; gzip_vary on; gzip_types application/rss+xml;"
    echo "  server {"
    for ((h = 1; h <= hosts; h++)); do echo "    listen 127.0.0.$h:$port;"; done
    echo "    root $work/www/\$server_addr;"
    echo "  }"
    echo "}"
  } >"$work/nginx/nginx.conf"
  "$NGINX" -t -q -p "$work/nginx" -e "$work/nginx/logs/error.log" -c "$work/nginx/nginx.conf"
  "$NGINX" -p "$work/nginx" -e "$work/nginx/logs/error.log" -c "$work/nginx/nginx.conf" &
}
