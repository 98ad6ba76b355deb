#!/usr/bin/env bash
# Builds the engine if needed and starts it with its embedded defaults: bundled rule pack,
# dry-run planner, HTTP on 8080. Extra arguments go to the JVM, e.g. scripts/start.sh -Dodpe.rules.dir=./my-rules
set -euo pipefail
cd "$(dirname "$0")/.."

jar=engine/target/quarkus-app/quarkus-run.jar
# Rebuild when there is no jar or a POM / source file changed since it was built.
if [ ! -f "$jar" ] || [ -n "$(find . -path ./k8s -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$jar" -type f -print -quit)" ]; then
  mvn -B -q -DskipTests -pl engine -am package
fi

# Spans are always made (their trace ids are in logs and decisions); on a laptop with no OpenTelemetry
# collector, keep the exporter's "connection refused" warnings out of the way. Set
# QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT to export to a collector and see its errors again.
quiet_otlp=()
if [ -z "${QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT:-}" ]; then
  quiet_otlp=(-Dquarkus.log.category.\"io.quarkus.opentelemetry.runtime.exporter.otlp\".level=ERROR)
fi

exec java "${quiet_otlp[@]}" "$@" -jar "$jar"
