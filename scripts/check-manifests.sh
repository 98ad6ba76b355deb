#!/usr/bin/env bash
# Offline checks of everything under k8s/: every kustomization renders (components through the
# kustomizations that list them), the rule ConfigMap copy matches the bundled pack, the Alertmanager /
# Prometheus examples pass their own linters, every ScaledObject trigger aimed at the engine uses
# only metadata keys the scaler accepts, and the Kafka example's topics, ACLs and engine settings
# match the engine's Kafka defaults, and the base keeps gRPC mTLS, its NetworkPolicies and a Role
# limited to what the engine calls.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

failed=0
renders="$(mktemp -d)"
rules=""
trap 'rm -rf "$renders" ${rules:+"$rules"}' EXIT
# Directories a kustomization lists under "components:", resolved to absolute paths.
components_used() {
  local kustomization="$1" entry
  awk '/^components:/ { listed = 1; next } /^[^ #-]/ { listed = 0 } listed && /^ *- / { print $2 }' "$kustomization" |
    while IFS= read -r entry; do realpath -m "$(dirname "$kustomization")/$entry"; done
}
used="$(find k8s -name kustomization.yaml | while IFS= read -r k; do components_used "$k"; done)"

while IFS= read -r kustomization; do
  dir="$(dirname "$kustomization")"
  # A Component only renders inside a kustomization that lists it (its patches need their target):
  # it is checked through those renders, and one that nothing lists would never be checked.
  if grep -q '^kind: Component' "$kustomization"; then
    if grep -qxF "$(realpath "$dir")" <<< "$used"; then
      echo "ok       component $dir (rendered by the kustomizations that list it)"
    else
      echo "FAILED   component $dir: no kustomization lists it under components:, so it is never rendered" >&2
      failed=1
    fi
    continue
  fi
  render="$renders/$(echo "$dir" | tr / :).yaml"
  if out="$(kubectl kustomize "$dir" 2>&1 > "$render")"; then
    echo "ok       kubectl kustomize $dir"
  else
    echo "FAILED   kubectl kustomize $dir: $out" >&2
    rm -f "$render"
    failed=1
  fi
done < <(find k8s -name kustomization.yaml | sort)

scripts/check-rules-copy.sh || failed=1

examples=k8s/examples/alertmanager
if command -v amtool > /dev/null; then
  amtool check-config "$examples/alertmanager.yml" > /dev/null && echo "ok       amtool check-config $examples/alertmanager.yml" || failed=1
  amtool check-config k8s/overlays/quickstart/alertmanager.yml > /dev/null \
    && echo "ok       amtool check-config k8s/overlays/quickstart/alertmanager.yml" || failed=1
else
  echo "NOTICE   amtool missing (apt-get install -y prometheus-alertmanager): alertmanager.yml not linted" >&2
fi
if command -v promtool > /dev/null && python3 -c 'import yaml' 2> /dev/null; then
  rules="$(mktemp --suffix=.yml)"
  # promtool reads plain rule files: lint the PrometheusRule's spec (its groups).
  python3 -c 'import sys, yaml; yaml.safe_dump(yaml.safe_load(open(sys.argv[1]))["spec"], open(sys.argv[2], "w"))' \
    "$examples/prometheusrule.yaml" "$rules"
  promtool check rules "$rules" > /dev/null && echo "ok       promtool check rules $examples/prometheusrule.yaml" || failed=1
  # ODPE's own alerts and their unit tests (promtool reads odpe-rules.yml next to the test file).
  observability="$(mktemp -d)"
  python3 -c 'import sys, yaml; yaml.safe_dump(yaml.safe_load(open(sys.argv[1]))["spec"], open(sys.argv[2], "w"))' \
    k8s/observability/prometheusrule.yaml "$observability/odpe-rules.yml"
  cp k8s/observability/tests/odpe-alerts.test.yml "$observability/"
  (cd "$observability" && promtool check rules odpe-rules.yml > /dev/null && promtool test rules odpe-alerts.test.yml > /dev/null) \
    && echo "ok       promtool check rules + test rules k8s/observability/prometheusrule.yaml" || failed=1
  rm -rf "$observability"
else
  echo "NOTICE   promtool or python3-yaml missing: prometheusrule.yaml not linted" >&2
fi

# The engine rejects unknown trigger metadata keys (INVALID_ARGUMENT), so an example with a typo or a
# key the code no longer knows would fail in a cluster: check the rendered ScaledObjects against the
# keys read from the scaler's own sources.
if python3 -c 'import yaml' 2> /dev/null; then
  python3 - "$renders" scaler/src/main/java/dev/odpe/scaler/ScalerMetadata.java \
    scaler/src/main/java/dev/odpe/scaler/SignalKind.java <<'PY' || failed=1
import glob, os, re, sys, yaml

renders, metadata_java, signal_java = sys.argv[1:4]
metadata_src, signal_src = open(metadata_java).read(), open(signal_java).read()
plain = set(re.findall(r'public static final String \w+ = "(\w+)";', metadata_src))
keda = set(re.findall(r'"(\w+)"', re.search(r'KEDA_KEYS\s*=\s*Set\.of\(([^)]*)\)', metadata_src).group(1)))
pairs = re.findall(r'^\s*[A-Z_]+\("(\w+)", "(\w+)"', signal_src, re.M)
if "pool" not in plain or not keda or not pairs:
    sys.exit("FAILED   could not read the metadata keys from " + metadata_java + " / " + signal_java)
known = plain | keda | {k for pair in pairs for k in pair}

problems, checked = [], 0
for render in sorted(glob.glob(os.path.join(renders, "*.yaml"))):
    docs = [d for d in yaml.safe_load_all(open(render)) if d]
    auths = {(d["metadata"].get("namespace"), d["metadata"]["name"]) for d in docs if d["kind"] == "TriggerAuthentication"}
    for so in (d for d in docs if d["kind"] == "ScaledObject"):
        where = "%s: ScaledObject %s/%s" % (os.path.basename(render)[:-len(".yaml")].replace(":", "/"), so["metadata"].get("namespace"), so["metadata"]["name"])
        for trigger in so["spec"].get("triggers", []):
            meta = trigger.get("metadata", {})
            if trigger["type"] not in ("external", "external-push") or not str(meta.get("scalerAddress", "")).startswith("odpe-engine."):
                continue
            checked += 1
            problems += ["%s: unknown key %s" % (where, k) for k in sorted(set(meta) - known)]
            problems += ["%s: %s is not a string" % (where, k) for k, v in meta.items() if not isinstance(v, str)]
            if "pool" not in meta:
                problems.append(where + ": pool is required")
            problems += ["%s: %s without %s" % (where, a, b) for q, t in pairs for a, b in ((q, t), (t, q)) if a in meta and b not in meta]
            ref = trigger.get("authenticationRef")
            if ref and ref.get("kind", "TriggerAuthentication") == "TriggerAuthentication" \
                    and (so["metadata"].get("namespace"), ref["name"]) not in auths:
                problems.append("%s: TriggerAuthentication %s is not in the same render" % (where, ref["name"]))
for problem in problems:
    print("FAILED   " + problem, file=sys.stderr)
if problems:
    sys.exit(1)
print("ok       %d engine trigger(s): metadata keys known to scaler/ScalerMetadata" % checked)
PY
else
  echo "NOTICE   python3-yaml missing: ScaledObject trigger metadata not checked" >&2
fi

# Base security: gRPC mTLS, NetworkPolicies, RBAC limited to the calls the engine makes.
if python3 -c 'import yaml' 2> /dev/null; then
  scripts/check-base-security.py "$renders/k8s:base.yaml" engine/src/main || failed=1
else
  echo "NOTICE   python3-yaml missing: base TLS, NetworkPolicy and RBAC not checked" >&2
fi

# Kafka: topics, ACLs and engine settings against the engine's defaults (see the script's docstring).
if python3 -c 'import yaml' 2> /dev/null; then
  scripts/check-kafka-manifests.py "$renders" engine/src/main || failed=1
else
  echo "NOTICE   python3-yaml missing: Kafka topics, ACLs and engine settings not checked" >&2
fi

# The image k8s/base deploys is the one the Jib profile (engine/pom.xml, -Pimage) builds and pushes.
if python3 -c 'import yaml' 2> /dev/null; then
  python3 - "$renders/k8s:base.yaml" engine/pom.xml <<'PY' || failed=1
import re, sys, yaml
render, pom = sys.argv[1:3]
text = open(pom).read()
profile = re.search(r"<id>image</id>(.*?)</profile>", text, re.S).group(1)
prop = lambda name: re.search(r"<quarkus\.container-image\.%s>([^<]+)<" % name, profile).group(1)
built = "%s/%s/%s:%s" % (prop("registry"), prop("group"), prop("name"), prop("tag"))
images = {c["image"] for d in yaml.safe_load_all(open(render)) if d and d["kind"] == "Deployment"
          for c in d["spec"]["template"]["spec"]["containers"]}
if images != {built}:
    sys.exit("FAILED   k8s/base deploys %s, the Jib profile of engine/pom.xml builds %s" % (sorted(images), built))
print("ok       k8s/base deploys %s, the image the Jib profile builds" % built)
PY
else
  echo "NOTICE   python3-yaml missing: base image not checked against the Jib profile" >&2
fi

exit "$failed"
