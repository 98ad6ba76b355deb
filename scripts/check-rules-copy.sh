#!/usr/bin/env bash
# Fails when k8s/base/rules/ is not exactly what scripts/sync-rules.sh would produce from the
# bundled rule pack, so the ConfigMap deployed to clusters cannot silently differ from the jar's pack.
# Usage: scripts/check-rules-copy.sh [PACK_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pack="${1:-$root/rules/src/main/resources/dev/odpe/rules/pack}"
expected="$(mktemp -d)"
trap 'rm -rf "$expected"' EXIT

"$root/scripts/sync-rules.sh" "$pack" "$expected" > /dev/null
if ! diff -r "$expected" "$root/k8s/base/rules"; then
  echo "check-rules-copy: k8s/base/rules/ drifted from the bundled pack; run scripts/sync-rules.sh" >&2
  exit 1
fi
echo "check-rules-copy: k8s/base/rules/ matches the bundled pack"
