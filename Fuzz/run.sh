#!/bin/sh
# Builds the ScourSyntax fuzzer (libFuzzer + AddressSanitizer) and runs it, seeded with the
# reference playbooks and the golden inputs. Usage: Fuzz/run.sh [RUNS] (default 20000).
# Exits non-zero on a crash, a hang (>2 s per input) or a formatter property violation.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20000}
work=$root/.build/fuzz
mkdir -p "$work/corpus"
cp "$root"/Tests/Golden/*/*.scour "$work/corpus/"
for playbook in "$root"/Playbooks/*.scour "$root"/Playbooks/*/*.scour; do
  [ -f "$playbook" ] && cp "$playbook" "$work/corpus/"
done
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name ScourSyntaxFuzz \
  $(find "$root/Sources/ScourSyntax" -name '*.swift') "$root/Fuzz/ParserFuzz/main.swift" \
  -o "$work/parser-fuzz"
cd "$work"
./parser-fuzz -runs="$runs" -max_total_time=120 -timeout=2 -max_len=4096 corpus
