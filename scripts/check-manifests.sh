#!/usr/bin/env bash
# Offline checks of everything under k8s/: every kustomization renders, the rule ConfigMap copy
# matches the bundled pack, and the Alertmanager / Prometheus examples pass their own linters.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

failed=0
while IFS= read -r kustomization; do
  dir="$(dirname "$kustomization")"
  if out="$(kubectl kustomize "$dir" 2>&1 >/dev/null)"; then
    echo "ok       kubectl kustomize $dir"
  else
    echo "FAILED   kubectl kustomize $dir: $out" >&2
    failed=1
  fi
done < <(find k8s -name kustomization.yaml | sort)

scripts/check-rules-copy.sh || failed=1

examples=k8s/examples/alertmanager
if command -v amtool > /dev/null; then
  amtool check-config "$examples/alertmanager.yml" > /dev/null && echo "ok       amtool check-config $examples/alertmanager.yml" || failed=1
else
  echo "NOTICE   amtool missing (apt-get install -y prometheus-alertmanager): alertmanager.yml not linted" >&2
fi
if command -v promtool > /dev/null && python3 -c 'import yaml' 2> /dev/null; then
  rules="$(mktemp --suffix=.yml)"
  trap 'rm -f "$rules"' EXIT
  # promtool reads plain rule files: lint the PrometheusRule's spec (its groups).
  python3 -c 'import sys, yaml; yaml.safe_dump(yaml.safe_load(open(sys.argv[1]))["spec"], open(sys.argv[2], "w"))' \
    "$examples/prometheusrule.yaml" "$rules"
  promtool check rules "$rules" > /dev/null && echo "ok       promtool check rules $examples/prometheusrule.yaml" || failed=1
else
  echo "NOTICE   promtool or python3-yaml missing: prometheusrule.yaml not linted" >&2
fi

exit "$failed"
