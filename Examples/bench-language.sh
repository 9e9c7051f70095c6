#!/usr/bin/env bash
# Parse + check time of a generated 5 MB playbook (target: under 1 s), and of the reference one.
set -euo pipefail
SCOUR=${SCOUR:-.build/release/scour}
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

# 6000 detect blocks and 6000 steps of each of three kinds, with comments and conditions.
awk 'BEGIN {
  print "# generated for make bench"
  print "playbook \"generated\" {"
  print "  platform = linux"
  print "  param \"deep\" {\n    type    = bool\n    default = false\n  }"
  for (i = 0; i < 6000; i++) {
    printf "  detect \"d%d\" {\n    match   = any\n", i
    printf "    file    { path = '\''/var/www/scripts/root%d.exe'\'' }\n", i
    printf "    content { path = '\''/etc/apache2/sites-enabled/site%d.conf'\''  pattern = '\''^\\s*Alias /[cd]%d '\'' }\n", i, i
    printf "    mapping { server = apache  config = '\''/etc/apache2/sites-enabled/site%d.conf'\''  alias = \"/c%d\" }\n  }\n", i, i
  }
  for (i = 0; i < 6000; i++) {
    printf "  # step group %d\n", i
    printf "  remove_files \"r%d\" {\n    when  = detected.d%d && (param.deep || !changed)\n", i, i
    printf "    paths = ['\''/var/www/scripts/root%d.exe'\'', '\''/var/www/msadc/root%d.exe'\'', '\''/opt/explorer%d.exe'\'']\n  }\n", i, i, i
    printf "  strip_mappings \"s%d\" {\n    when     = detected.d%d\n    server   = apache\n", i, i
    printf "    config   = '\''/etc/apache2/sites-enabled/site%d.conf'\''\n    aliases  = [\"/c%d\", \"/d%d\"]\n    handlers = [\".ida\", \".idq\"]\n  }\n", i, i, i
    printf "  run \"x%d\" {\n    when    = changed && host.role == \"web\"\n    command = \"echo ${host.name} %d\"\n    unless  = \"test -f /var/lib/scour/done%d\"\n  }\n", i, i, i
  }
  print "}"
}' > "$work/generated.scour"

size=$(stat -c %s "$work/generated.scour")
/usr/bin/time -f '%e %M' -o "$work/time" "$SCOUR" check "$work/generated.scour" 2>"$work/diagnostics" || {
  echo "the generated playbook does not check:" >&2; head -20 "$work/diagnostics" >&2; exit 1; }
read -r seconds rss_kib < "$work/time"
echo "scour check, generated playbook of $((size / 1024)) KiB: ${seconds}s (target < 1s), peak RSS $((rss_kib / 1024)) MiB"
/usr/bin/time -f '%e' -o "$work/time" "$SCOUR" check Playbooks/codered-ii-linux.scour 2>/dev/null
echo "scour check, Playbooks/codered-ii-linux.scour: $(cat "$work/time")s (process start included)"
