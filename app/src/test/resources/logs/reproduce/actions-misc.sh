#!/bin/sh
# Two tiny infrastructure-style failures in the Actions job-log format.
set -u
OUT="${OUT:-$PWD}"
HERE="$(cd "$(dirname "$0")" && pwd)"
"$HERE/actions-format.py" sh -c 'curl -sS -fL https://downloads.example.invalid/tool.tgz -o /tmp/tool.tgz' > "$OUT/curl-unknown-host.actions.log"   # exit 6
"$HERE/actions-format.py" sh -c 'echo "Running test suite"; kill -9 $$' > "$OUT/sigkill-137.actions.log"   # exit 137
