#!/usr/bin/env bash
# The reliability suite: the tests that break things on purpose (a broker that refuses a publish, the
# saga store away for 12 s, lost commands, kill -9 of the standalone host mid-run with a crashed upload's
# temporary file, the hostile corpus, one user flooding uploads or the image workers, many users at once on
# either host, another user and bad tokens on every endpoint; in the distributed mode, kill -9 of a worker
# host, of dynalite and of s3rver mid-run),
# run with one command; their outcomes and times go into docs/reliability.md between the markers.
#   bash scripts/reliability.sh          short form (minutes; meant for CI)
#   bash scripts/reliability.sh --full   adds the load runs with real photos (RELIABILITY_LOAD_PHOTOS) and the saga and
#                                        store contract tests against dynalite
# Both forms need the local servers (scripts/local-servers.sh): started here when not running, and stopped again
# at the end if this script started them.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
mode="${1:---short}"
# The full form's load run takes its photos from here; the short form always uses the small test photos.
load_photos="${RELIABILITY_LOAD_PHOTOS:-}"
unset RELIABILITY_LOAD_PHOTOS
if [[ "$mode" == "--full" && ! -d "$load_photos" ]]; then
  echo "Set RELIABILITY_LOAD_PHOTOS to a folder of at least 50 real JPEGs, e.g. the benchmark's 12 MP set:" >&2
  echo "  ../shared/bench/make-photo-set.sh /tmp/bench 200 && RELIABILITY_LOAD_PHOTOS=/tmp/bench/photos bash scripts/reliability.sh --full" >&2
  exit 2
fi
results="$(mktemp -d /tmp/reliability-XXXXXX)"
# The tests that measure (times, peak memory) write their tables here (ReliabilityFigures in tests/TestSupport).
export RELIABILITY_FIGURES="$results/figures"
mkdir -p "$RELIABILITY_FIGURES"

run() { # project filter [name of the results file]
  local project="$1" filter="$2" name="${3:-$(basename "$1" .csproj)}"
  dotnet build "$project" -c Release -nologo -v q >/dev/null
  dotnet test "$project" -c Release --no-build --filter "$filter" \
    --logger "trx;LogFileName=$results/$name.trx" >/dev/null || failed=1
}

failed=0
# The distributed tests run every service as its own process against these; the fault tests start a dynalite and an
# s3rver of their own next to them and reach the broker through a relay they cut (tests/Distributed.EndToEndTests/OwnServers.cs), breaking only those.
[[ -f .tools/local-servers/env.sh ]] || trap 'bash scripts/local-servers.sh down >/dev/null 2>&1 || true' EXIT
bash scripts/local-servers.sh up >/dev/null
# shellcheck source=/dev/null
source .tools/local-servers/env.sh

echo "== saga: lost publishes, store outage, stalled runs, resumed steps"
run tests/Processing.UnitTests/Processing.UnitTests.csproj \
  "FullyQualifiedName~OutageRecoveryTests|FullyQualifiedName~publish_fails|FullyQualifiedName~resumes_after_a_restart"
echo "== standalone host: kill -9 and restart, hostile corpus, upload limit, fairness, load (short), security matrix"
run tests/Standalone.FunctionalTests/Standalone.FunctionalTests.csproj \
  "FullyQualifiedName~.RestartTests.|FullyQualifiedName~.HostileInputTests.|FullyQualifiedName~.UploadRateLimitTests.|FullyQualifiedName~.FairnessTests.|FullyQualifiedName~.LoadTests.|FullyQualifiedName~.OwnershipTests.|FullyQualifiedName~.NotificationTests.|FullyQualifiedName~.HostDefaultsTests."
echo "== identity: sign-up and password-guess throttling, per-address wrong-password limit instead of lockout"
run tests/Identity.FunctionalTests/Identity.FunctionalTests.csproj "FullyQualifiedName~.ThrottlingTests."
echo "== distributed mode, every service its own process: kill -9 of a worker host, dynalite, s3rver mid-run; fairness; load (short) through the gateway"
run tests/Distributed.EndToEndTests/Distributed.EndToEndTests.csproj "FullyQualifiedName~.FaultTests.|FullyQualifiedName~.FairnessTests.|FullyQualifiedName~.LoadTests."
if [[ "$mode" == "--full" ]]; then
  echo "== standalone host: load with real photos (RELIABILITY_LOAD_PHOTOS, ${RELIABILITY_LOAD_USERS:-10} users x ${RELIABILITY_LOAD_PER_USER:-50} photos)"
  RELIABILITY_LOAD_PHOTOS="$load_photos" run tests/Standalone.FunctionalTests/Standalone.FunctionalTests.csproj \
    "FullyQualifiedName~.LoadTests." Standalone.FunctionalTests.Load
  echo "== distributed mode: load with real photos through the gateway"
  RELIABILITY_LOAD_PHOTOS="$load_photos" run tests/Distributed.EndToEndTests/Distributed.EndToEndTests.csproj \
    "FullyQualifiedName~.LoadTests." Distributed.EndToEndTests.Load
  echo "== saga and stores against dynalite and s3rver"
  run tests/Adapters.ContractTests/Adapters.ContractTests.csproj "FullyQualifiedName~Workflow|FullyQualifiedName~DiskBlobStoreTests"
fi

# One row per test from the TRX files: outcome and seconds.
table="$(mktemp)"
{
  echo "| Test | Outcome | Seconds |"
  echo "|---|---|---|"
  for trx in "$results"/*.trx; do
    grep -o '<UnitTestResult [^>]*>' "$trx" | while read -r line; do
      test_name="$(sed -E 's/.* testName="([^"]*)".*/\1/' <<<"$line" | sed -E 's/^[A-Za-z.]+\.([A-Za-z_]+\.[A-Za-z_0-9]+)/\1/; s/&quot;/"/g')"
      outcome="$(sed -E 's/.* outcome="([^"]*)".*/\1/' <<<"$line")"
      duration="$(sed -E 's/.* duration="([^"]*)".*/\1/' <<<"$line")"
      seconds="$(awk -F: '{ printf "%.1f", $1 * 3600 + $2 * 60 + $3 }' <<<"$duration")"
      echo "| \`$test_name\` | $outcome | $seconds |"
    done
  done
} > "$table"
passed="$(grep -c '| Passed |' "$table" || true)"
total="$(( $(wc -l < "$table") - 2 ))"

doc=docs/reliability.md
# The short and the full form each keep their own last run: a short run in CI leaves the full form's figures.
section="reliability"
[[ "$mode" == "--full" ]] && section="reliability-full"
begin="<!-- $section:begin -->"
end="<!-- $section:end -->"
{
  echo "$begin"
  echo "Last run: $(date -u +%Y-%m-%dT%H:%MZ), \`scripts/reliability.sh $mode\`, $(nproc) cores: **$passed of $total passed**."
  echo
  cat "$table"
  for figures in "$RELIABILITY_FIGURES"/*.md; do
    [[ -e "$figures" ]] || continue
    echo
    cat "$figures"
  done
  echo "$end"
} > "$results/section.md"
awk -v section="$results/section.md" -v begin="$begin" -v end="$end" '
  $0 == begin { while ((getline line < section) > 0) print line; skipping = 1; next }
  $0 == end { skipping = 0; next }
  !skipping { print }' "$doc" > "$results/doc.md"
cp "$results/doc.md" "$doc"
echo "== $passed of $total passed; figures in $doc"
exit "$failed"
