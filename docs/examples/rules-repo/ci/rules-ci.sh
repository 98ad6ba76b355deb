#!/usr/bin/env sh
# The rules repository's CI in any CI system: check, test, then replay the recorded journals through
# this change's pack against the main branch's pack. Needs Java 17+ and odpe-rules.jar.
#   ODPE_RULES   path of odpe-rules.jar (default: odpe-rules.jar)
#   BASE_RULES   the main branch's rules/ checked out elsewhere (unset: no comparison)
#   DIFF_OUT     where to write the Markdown diff for a pull-request comment (default: replay-diff.md)
set -eu
jar="${ODPE_RULES:-odpe-rules.jar}"
rules() { java -jar "$jar" "$@"; }

rules check rules                                # compile + @expires lint, FILE:LINE errors
rules test rules --scenarios rules/scenarios     # golden scenarios, PASS/FAIL each

if [ -n "${BASE_RULES:-}" ]; then
  out="${DIFF_OUT:-replay-diff.md}"
  : > "$out"
  for journal in journals/*.jsonl; do
    # text for the CI log, Markdown for the pull request; a difference is information, not a failure
    rules replay --journal "$journal" --pack rules --against "$BASE_RULES"
    rules replay --journal "$journal" --pack rules --against "$BASE_RULES" --format markdown >> "$out"
    echo >> "$out"
  done
fi
