#!/usr/bin/env bash
# The distributed mode's servers as local processes, for a machine without Docker:
# RabbitMQ and Redis from Debian, and the npm AWS emulators dynalite (DynamoDB) and s3rver (S3).
#   scripts/local-servers.sh up     installs what is missing, starts what is not running, waits
#                                   until each answers, prints the endpoints and the environment
#   scripts/local-servers.sh down   stops what `up` started, by the pids it recorded
#   scripts/local-servers.sh env    prints the environment again (for `eval "$(... env)"`)
# `up` is idempotent: a server that already answers on its port is reused, not started twice.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_dir="$repo_root/.tools/node"
state_dir="$repo_root/.tools/local-servers"
data_dir="${IR_LOCAL_DATA:-/tmp/imagerecognition-local}"
dynalite_version="4.0.0"
s3rver_version="3.7.1"
dynamodb_port=4567
s3_port=4568
redis_port=6379
rabbitmq_port=5672

log() { echo "local-servers: $*" >&2; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() {
  local file="$state_dir/$1.pid"
  [[ -f "$file" ]] && kill -0 "$(cat "$file")" 2>/dev/null
}

wait_for_port() {
  local name="$1" port="$2" tries=100
  until port_open "$port"; do
    tries=$((tries - 1))
    if [[ $tries -le 0 ]]; then
      log "$name did not answer on port $port; see $state_dir/$name.log"
      exit 1
    fi
    sleep 0.2
  done
}

install_debian_packages() {
  local missing=()
  command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  if [[ ${#missing[@]} -gt 0 ]]; then
    log "installing ${missing[*]} (apt)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # Debian starts the packaged services where systemd runs; we manage our own processes.
    as_root service rabbitmq-server stop >/dev/null 2>&1 || true
    as_root service redis-server stop >/dev/null 2>&1 || true
  fi
}

install_node_packages() {
  local dynalite_pkg="$node_dir/node_modules/dynalite/package.json"
  local s3rver_pkg="$node_dir/node_modules/s3rver/package.json"
  if [[ ! -f "$dynalite_pkg" || ! -f "$s3rver_pkg" ]] ||
     ! grep -q "\"version\": \"$dynalite_version\"" "$dynalite_pkg" ||
     ! grep -q "\"version\": \"$s3rver_version\"" "$s3rver_pkg"; then
    log "installing dynalite@$dynalite_version s3rver@$s3rver_version into .tools/node (npm)"
    mkdir -p "$node_dir"
    npm install --prefix "$node_dir" --no-save --no-audit --no-fund --loglevel=error \
      "dynalite@$dynalite_version" "s3rver@$s3rver_version" >/dev/null
  fi
}

start_rabbitmq() {
  if port_open "$rabbitmq_port"; then
    log "rabbitmq: already answering on $rabbitmq_port"
    return
  fi
  log "rabbitmq: starting"
  # Debian's wrapper runs the node as the rabbitmq user with its own folders under /var/lib/rabbitmq.
  rabbitmq-server -detached >"$state_dir/rabbitmq.log" 2>&1
  local tries=50
  until rabbitmqctl await_startup >/dev/null 2>&1; do
    tries=$((tries - 1))
    if [[ $tries -le 0 ]]; then
      log "rabbitmq did not start; see $state_dir/rabbitmq.log and /var/log/rabbitmq"
      exit 1
    fi
    sleep 1
  done
  rabbitmqctl eval 'os:getpid().' | tr -d '"' >"$state_dir/rabbitmq.pid"
  wait_for_port rabbitmq "$rabbitmq_port"
}

start_redis() {
  if port_open "$redis_port"; then
    log "redis: already answering on $redis_port"
    return
  fi
  log "redis: starting"
  mkdir -p "$data_dir/redis"
  redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir "$data_dir/redis" \
    --pidfile "$state_dir/redis.pid" --logfile "$state_dir/redis.log"
  wait_for_port redis "$redis_port"
}

start_node_server() {
  local name="$1" port="$2"
  shift 2
  if port_open "$port"; then
    log "$name: already answering on $port"
    return
  fi
  log "$name: starting"
  nohup "$@" >"$state_dir/$name.log" 2>&1 &
  echo $! >"$state_dir/$name.pid"
  wait_for_port "$name" "$port"
}

# s3rver only accepts its built-in key pair S3RVER/S3RVER; dynalite accepts any.
print_environment() {
  cat <<EOF
export AWS_ACCESS_KEY_ID=S3RVER
export AWS_SECRET_ACCESS_KEY=S3RVER
export AWS_REGION=us-east-1
export IR_S3_URL=http://127.0.0.1:$s3_port
export IR_DYNAMODB_URL=http://127.0.0.1:$dynamodb_port
export IR_RABBITMQ_HOST=127.0.0.1
export IR_REDIS=127.0.0.1:$redis_port
EOF
}

up() {
  mkdir -p "$state_dir" "$data_dir"
  install_debian_packages
  install_node_packages
  start_rabbitmq
  start_redis
  start_node_server dynalite "$dynamodb_port" \
    node "$node_dir/node_modules/dynalite/cli.js" --host 127.0.0.1 --port "$dynamodb_port" \
    --createTableMs 50 --deleteTableMs 50 --updateTableMs 50 --path "$data_dir/dynalite"
  # s3rver's paging uses a hash OpenSSL 3 only offers through the legacy provider.
  start_node_server s3rver "$s3_port" \
    env NODE_OPTIONS=--openssl-legacy-provider \
    node "$node_dir/node_modules/s3rver/bin/s3rver.js" --directory "$data_dir/s3rver" \
    --address 127.0.0.1 --port "$s3_port" --silent
  print_environment >"$state_dir/env.sh"
  log "RabbitMQ amqp://guest:guest@127.0.0.1:$rabbitmq_port  Redis 127.0.0.1:$redis_port"
  log "DynamoDB (dynalite) http://127.0.0.1:$dynamodb_port  S3 (s3rver) http://127.0.0.1:$s3_port"
  log "environment (also in .tools/local-servers/env.sh):"
  print_environment
}

stop_pid() {
  local name="$1"
  if pid_alive "$name"; then
    local pid
    pid="$(cat "$state_dir/$name.pid")"
    log "$name: stopping pid $pid"
    kill "$pid"
    local tries=50
    while kill -0 "$pid" 2>/dev/null && [[ $tries -gt 0 ]]; do
      tries=$((tries - 1))
      sleep 0.2
    done
  else
    log "$name: not started by this script"
  fi
  rm -f "$state_dir/$name.pid"
}

down() {
  mkdir -p "$state_dir"
  stop_pid s3rver
  stop_pid dynalite
  stop_pid redis
  # rabbitmqctl stop ends the whole node (and its helper processes) cleanly; then wait for the pid.
  if pid_alive rabbitmq; then
    log "rabbitmq: stopping pid $(cat "$state_dir/rabbitmq.pid")"
    rabbitmqctl stop >/dev/null
  fi
  rm -f "$state_dir/rabbitmq.pid" "$state_dir/env.sh"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) print_environment ;;
  *)
    echo "usage: $0 up|down|env" >&2
    exit 2
    ;;
esac
