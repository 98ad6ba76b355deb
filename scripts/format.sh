#!/usr/bin/env bash
# Formats the Java sources of every module the way the build checks them (spotless:check at verify):
# palantir-java-format, unused imports removed, static imports first. Extra arguments go to Maven, e.g. -o
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q spotless:apply "$@"
