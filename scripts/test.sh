#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine: installs and starts what the tests need
# (Chromium for the browser tests; RabbitMQ, Redis and the S3/DynamoDB emulators for the distributed
# ones; docker-compose to validate the compose file), then the whole solution's tests. It fails loudly
# when anything is missing; no suite skips for lack of a server (only LocalStack's, without Docker).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "== installing ${missing[*]} (apt)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Playwright drives Debian's Chromium; it must never try to download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

echo "== local servers (RabbitMQ, Redis, dynalite, s3rver)"
bash scripts/local-servers.sh up
# shellcheck source=/dev/null
source .tools/local-servers/env.sh
trap 'bash scripts/local-servers.sh down >/dev/null 2>&1 || true' EXIT

echo "== docker-compose.yml"
docker-compose -f docker-compose.yml config -q
echo "docker-compose config: ok"

echo "== offline checks of deploy/terraform"
bash scripts/check-terraform.sh

echo "== every project is in Microservices.sln (a project left out would silently run no tests)"
unlisted=$(comm -13 <(dotnet sln Microservices.sln list | grep -E '\.csproj$' | sort) <(git ls-files '*.csproj' | sort))
if [[ -n "$unlisted" ]]; then
  echo "not in Microservices.sln:"; echo "$unlisted"; exit 1
fi

echo "== formatting (dotnet format; code style and analyzers are checked by the build itself: EnforceCodeStyleInBuild, warnings as errors)"
dotnet format whitespace --folder --verify-no-changes --exclude .tools --exclude '**/obj' --exclude '**/bin' --exclude '**/node_modules' .
echo "dotnet format: ok"

echo "== build"
dotnet build Microservices.sln -c Release -nologo -clp:ErrorsOnly
# The disk a build takes is watched: output for every platform once filled CI's disk (Directory.Build.props).
echo "build output: $(find . -path ./.tools -prune -o -type d \( -name bin -o -name obj \) -prune -print0 | du -sch --files0-from=- | tail -1 | cut -f1); free: $(df -h --output=avail . | tail -1 | tr -d ' ')"

echo "== tests"
log=$(mktemp)
set +e
dotnet test Microservices.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, in the plain form CI reads.
sum() { grep -Eo "$1: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}'; }
echo "tests: $(sum Passed) passed, $(sum Failed) failed, $(sum Skipped) skipped"
exit "$status"
