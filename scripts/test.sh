#!/usr/bin/env bash
# The project's test command (README, .ci/run): unit tests, integration tests against real
# Alertmanager / Prometheus binaries (never skipped), then offline checks of the k8s manifests.
# Extra arguments go to Maven, e.g. scripts/test.sh -o
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v prometheus-alertmanager > /dev/null || missing+=(prometheus-alertmanager)
command -v prometheus > /dev/null || missing+=(prometheus)
# The offline manifest checks (scripts/check-manifests.sh) read the rendered YAML with PyYAML.
python3 -c 'import yaml' 2> /dev/null || missing+=(python3-yaml)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  else
    echo "test.sh: missing Debian packages: ${missing[*]}" >&2
    echo "test.sh: install them as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

mvn -B verify "$@"

if ! command -v kubectl > /dev/null; then
  echo "test.sh: kubectl is needed to render the k8s manifests offline (scripts/check-manifests.sh);" >&2
  echo "test.sh: install the kubectl client (https://kubernetes.io/docs/tasks/tools/) and run again" >&2
  exit 1
fi
scripts/check-manifests.sh
