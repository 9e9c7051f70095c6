#!/usr/bin/env python3
"""Syntax-checks PowerShell files with tree-sitter-powershell: prints each ERROR or MISSING
node as FILE:LINE:COLUMN and exits 1 if there is any. A file may hold several scripts split by
lines starting with '#### ' (the golden files); each part is parsed on its own."""
import sys

import tree_sitter
import tree_sitter_powershell

parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))


def problems(node, found):
    if node.type == "ERROR" or node.is_missing:
        found.append(node)
        return
    for child in node.children:
        problems(child, found)


failed = False
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    offset, part = 0, []
    for number, line in enumerate(text.splitlines(keepends=True) + ["#### end\n"]):
        if line.startswith("#### "):
            if all(not l.strip() or l.lstrip().startswith("#") for l in part):  # nothing but comments
                offset, part = number + 1, []
                continue
            found = []
            problems(parser.parse("".join(part).encode()).root_node, found)
            for node in found:
                failed = True
                row, column = node.start_point
                kind = "missing " + node.type if node.is_missing else "syntax error"
                print(f"{path}:{offset + row + 1}:{column + 1}: {kind}")
            offset, part = number + 1, []
        else:
            part.append(line)
sys.exit(1 if failed else 0)
