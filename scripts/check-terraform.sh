#!/usr/bin/env bash
# Offline checks of deploy/terraform: formatting (when terraform is installed), parsing of every
# file with @cdktf/hcl2json, and the structural checks of check-terraform.mjs. Needs node and
# npm; `terraform init/validate` are not used because they need the provider registry.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
terraform_dir="$repo_root/deploy/terraform"
hcl2json_version="0.21.0"
tools_dir="$repo_root/.tools/hcl2json-$hcl2json_version"
hcl2json_dir="$tools_dir/node_modules/@cdktf/hcl2json"

if command -v terraform >/dev/null 2>&1; then
  echo "terraform fmt -check -recursive deploy/terraform"
  terraform fmt -check -recursive -diff "$terraform_dir"
  echo "fmt: ok"
else
  echo "terraform not installed: fmt check skipped"
fi

if [[ ! -f "$hcl2json_dir/package.json" ]]; then
  echo "installing @cdktf/hcl2json@$hcl2json_version into ${tools_dir#"$repo_root"/}"
  mkdir -p "$tools_dir"
  npm install --prefix "$tools_dir" --no-save --no-audit --no-fund --loglevel=error \
    "@cdktf/hcl2json@$hcl2json_version" >/dev/null
fi

node "$repo_root/scripts/check-terraform.mjs" "$terraform_dir" "$hcl2json_dir"
