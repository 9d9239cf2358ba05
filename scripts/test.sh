#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine: installs and starts what the tests need,
# then the whole solution's tests. Fails loudly when anything is missing; never skips a suite.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

echo "== offline checks of deploy/terraform"
bash scripts/check-terraform.sh

echo "== build"
dotnet build Microservices.sln -c Release -nologo -clp:ErrorsOnly

echo "== tests"
dotnet test Microservices.sln -c Release --no-build -nologo 2>&1 | tee /tmp/imagerecognition-test.log
status=${PIPESTATUS[0]}

# One closing line for the whole run, in the plain form CI reads.
passed=$(grep -Eo 'Passed: +[0-9]+' /tmp/imagerecognition-test.log | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' /tmp/imagerecognition-test.log | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' /tmp/imagerecognition-test.log | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
