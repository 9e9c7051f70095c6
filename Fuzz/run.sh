#!/bin/sh
# Builds the playbook fuzzer (parser, formatter and semantic analysis; libFuzzer with
# AddressSanitizer) and runs it, seeded with the playbooks and the golden inputs. Usage: Fuzz/run.sh [RUNS] (default 20000).
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
# The parser and the semantic analysis (ScourCore without the inventory, which needs Yams),
# compiled as one module: their `import ScourSyntax` lines are dropped in a copy.
rm -rf "$work/sources" && mkdir -p "$work/sources"
for dir in Analysis Playbook Values Support; do
  for file in "$root"/Sources/ScourCore/$dir/*.swift; do
    sed -e '/^import ScourSyntax$/d' -e 's/ScourSyntax\.parse(/parse(/g' "$file" > "$work/sources/$dir-$(basename "$file")"
  done
done
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name ScourFuzz \
  $(find "$root/Sources/ScourSyntax" -name '*.swift') "$work"/sources/*.swift "$root/Fuzz/ParserFuzz/main.swift" \
  -o "$work/parser-fuzz"
cd "$work"
./parser-fuzz -runs="$runs" -max_total_time=120 -timeout=2 -max_len=4096 corpus
