#!/usr/bin/env bash
# Offline checks of deploy/terraform: formatting (when terraform is installed), parsing of every
# file with @cdktf/hcl2json, the structural checks of check-terraform.mjs, and that every service
# of docker-compose.yml runs on AWS (check-compose-vs-terraform.mjs), and that docker-compose.yml and the
# standalone host agree with services.json, the one list of services (check-services.mjs). Needs node and npm;
# `terraform init/validate` are not used because they need the provider registry.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
terraform_dir="$repo_root/deploy/terraform"
hcl2json_version="0.21.0"
yaml_version="2.9.1"

if command -v terraform >/dev/null 2>&1; then
  echo "terraform fmt -check -recursive deploy/terraform"
  terraform fmt -check -recursive -diff "$terraform_dir"
  echo "fmt: ok"
else
  echo "terraform not installed: fmt check skipped"
fi

# Installs one pinned npm package into .tools/<name>-<version> (git-ignored) once.
install_tool() {
  local package="$1" version="$2" tools_dir="$repo_root/.tools/${1##*/}-$2"
  if [[ ! -f "$tools_dir/node_modules/$package/package.json" ]]; then
    echo "installing $package@$version into ${tools_dir#"$repo_root"/}" >&2
    mkdir -p "$tools_dir"
    npm install --prefix "$tools_dir" --no-save --no-audit --no-fund --loglevel=error "$package@$version" >/dev/null
  fi
  echo "$tools_dir/node_modules/$package"
}

hcl2json_dir="$(install_tool @cdktf/hcl2json "$hcl2json_version")"
yaml_dir="$(install_tool yaml "$yaml_version")"

node "$repo_root/scripts/check-terraform.mjs" "$terraform_dir" "$hcl2json_dir"
node "$repo_root/scripts/check-compose-vs-terraform.mjs" "$repo_root/docker-compose.yml" "$terraform_dir" "$hcl2json_dir" "$yaml_dir"
node "$repo_root/scripts/check-services.mjs" "$repo_root" "$yaml_dir"
