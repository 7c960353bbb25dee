#!/usr/bin/env bash
# layers.sh — `make layers` inside `make test`: the pipeline runs one way
# (tests/layers/layers.sh over the sanitizer build's objects), and the
# checker itself notices a backward call (the stages given in reverse).
# Prints "ok - NAME" / "not ok - NAME" per test.
# checks: 2
set -u
cd "$(dirname "$0")/../.."
STAGES=(base text parse model rules check render)
check() { if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi; }

tests/layers/layers.sh build/san/obj "${STAGES[@]}" >&2
check "layers: no call runs against the pipeline, no cycle between files" $?

reversed=(render check rules model parse text base)
tests/layers/layers.sh build/san/obj "${reversed[@]}" >/dev/null 2>&1
check "layers: the checker fails on calls into a later stage" $([ $? -eq 1 ]; echo $?)
