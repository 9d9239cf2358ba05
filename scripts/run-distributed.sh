#!/usr/bin/env bash
# The distributed mode on one machine without Docker: every service as its own process.
#   scripts/run-distributed.sh up     starts the servers (scripts/local-servers.sh up: RabbitMQ, Redis,
#                                     dynalite, s3rver), builds the hosts once (Release), starts each
#                                     on a free 127.0.0.1 port, waits for every /health/ready and
#                                     prints `gateway: http://127.0.0.1:PORT`
#   scripts/run-distributed.sh down   stops the hosts by their recorded pids, then the servers `up` started
# Configuration comes from the environment, as ASP.NET Core reads it (`Section__Key`): the defaults
# below are the cloud's shape, RabbitMQ + S3 (s3rver) + DynamoDB (dynalite) + the Redis backplane;
# export a key first to override it (docs/distributed.md).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state_dir="${IR_DISTRIBUTED_STATE:-$repo_root/.tools/distributed}"
configuration="${IR_BUILD_CONFIGURATION:-Release}"
# name=project; the order is the start order (identity first: the APIs read its keys on first use).
# name=project of every host services.json marks "local" (the web UI is not one: use the standalone host for it).
mapfile -t hosts < <(node -e '
  for (const s of require(process.argv[1]).services.filter((s) => s.local))
    console.log(`${s.name}=${s.host}/${s.host.split("/").pop()}.csproj`);
' "$repo_root/services.json")
[[ ${#hosts[@]} -gt 0 ]] || { echo "run-distributed: no local hosts read from services.json" >&2; exit 1; }

log() { echo "run-distributed: $*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 40000))
    if ! port_open "$port" && ! grep -qx "$port" "$state_dir/ports.taken" 2>/dev/null; then
      echo "$port" >> "$state_dir/ports.taken"
      echo "$port"
      return
    fi
  done
}

servers_up() {
  "$repo_root/scripts/local-servers.sh" up >&2
  # shellcheck source=/dev/null
  source "$repo_root/.tools/local-servers/env.sh"
}

servers_down() {
  "$repo_root/scripts/local-servers.sh" down >&2
}

build_hosts() {
  local entry
  for entry in "${hosts[@]}"; do
    log "building ${entry%%=*}"
    dotnet build "$repo_root/${entry#*=}" -c "$configuration" --nologo -v quiet -clp:ErrorsOnly >&2
  done
}

# Where a project's build lands: <project dir>/bin/<configuration>/net10.0/<name>.dll
host_dll() {
  local project="$repo_root/$1"
  echo "$(dirname "$project")/bin/$configuration/net10.0/$(basename "${project%.csproj}").dll"
}

start_host() {
  local name="$1" dll="$2" port="$3"
  (cd "$(dirname "$dll")" && exec dotnet "$dll" --urls "http://127.0.0.1:$port") \
    > "$state_dir/logs/$name.log" 2>&1 &
  echo $! > "$state_dir/pids/$name.pid"
  echo "$port" > "$state_dir/ports/$name"
}

wait_ready() {
  local name="$1" port="$2" deadline=$((SECONDS + ${IR_READY_TIMEOUT:-120}))
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready"; do
    if ! kill -0 "$(cat "$state_dir/pids/$name.pid")" 2>/dev/null; then
      log "$name exited; the end of $state_dir/logs/$name.log:"
      tail -n 30 "$state_dir/logs/$name.log" >&2
      return 1
    fi
    if [[ $SECONDS -ge $deadline ]]; then
      log "$name is not ready on port $port; see $state_dir/logs/$name.log"
      return 1
    fi
    sleep 0.5
  done
}

up() {
  if compgen -G "$state_dir/pids/*.pid" >/dev/null; then
    log "already up (pids in $state_dir/pids); run '$0 down' first"
    exit 1
  fi
  mkdir -p "$state_dir/logs" "$state_dir/pids" "$state_dir/ports"
  rm -f "$state_dir/ports.taken"
  servers_up
  build_hosts

  declare -A port
  local entry name
  for entry in "${hosts[@]}"; do port[${entry%%=*}]=$(free_port); done

  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
  export Messaging__Transport="${Messaging__Transport:-RabbitMQ}"
  export DataDirectory="${DataDirectory:-$state_dir/data}"
  export BlobStore__Provider="${BlobStore__Provider:-S3}"
  export BlobStore__ServiceUrl="${BlobStore__ServiceUrl:-$IR_S3_URL}"
  export BlobStore__BucketName="${BlobStore__BucketName:-photos}"
  export BlobStore__ForcePathStyle="${BlobStore__ForcePathStyle:-true}"
  export BlobStore__UseChunkEncoding="${BlobStore__UseChunkEncoding:-false}" # s3rver stores aws-chunked framing otherwise
  export BlobStore__CreateBucket="${BlobStore__CreateBucket:-true}"
  export Database__Provider="${Database__Provider:-DynamoDB}"
  export Database__ServiceUrl="${Database__ServiceUrl:-$IR_DYNAMODB_URL}"
  export Database__CreateTables="${Database__CreateTables:-true}"
  export Redis__ConnectionString="${Redis__ConnectionString:-$IR_REDIS}"
  # Tokens carry the gateway's public URL as issuer; APIs fetch the keys from the provider directly.
  export Identity__Issuer="http://127.0.0.1:${port[gateway]}/"
  export Identity__Authority="http://127.0.0.1:${port[identity]}/"
  export Identity__RequireHttps=false
  # RabbitMQ keeps unfinished commands across restarts: no resend at start-up.
  export Processing__ResumeOnStart="${Processing__ResumeOnStart:-false}"
  local cluster
  for cluster in albums notification identity; do
    export "ReverseProxy__Clusters__${cluster}__Destinations__${cluster}__Address=http://127.0.0.1:${port[$cluster]}/"
  done

  for entry in "${hosts[@]}"; do
    name=${entry%%=*}
    start_host "$name" "$(host_dll "${entry#*=}")" "${port[$name]}"
  done
  for entry in "${hosts[@]}"; do
    name=${entry%%=*}
    if ! wait_ready "$name" "${port[$name]}"; then
      down_hosts
      exit 1
    fi
    log "$name ready on http://127.0.0.1:${port[$name]}"
  done
  echo "http://127.0.0.1:${port[gateway]}" > "$state_dir/gateway.url"
  echo "gateway: http://127.0.0.1:${port[gateway]}"
}

down_hosts() {
  local file pid
  for file in "$state_dir"/pids/*.pid; do
    [[ -f "$file" ]] || continue
    pid=$(cat "$file")
    kill "$pid" 2>/dev/null || true
  done
  for file in "$state_dir"/pids/*.pid; do
    [[ -f "$file" ]] || continue
    pid=$(cat "$file")
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$file"
  done
}

case "${1:-}" in
  up) up ;;
  down) down_hosts; servers_down; log "stopped" ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
