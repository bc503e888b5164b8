"""Writes reference-hole-orders.json: random grids (squares of holes with overall values) and the hole
order SmartEM's backend computes for each, so that SuggestedOrderTest checks Sightline against it.

Run from a checkout of DiamondLightSource/smartem-decisions (numpy needed):
    python3 make-reference-orders.py path/to/smartem-decisions > reference-hole-orders.json
It loads the reference's select_holes and _ordered_holes from src/smartem_backend/predictions/acquisition.py
(only those two functions, so that the backend's database imports are not needed).
"""
import ast
import json
import random
import sys

import numpy as np

source = open(sys.argv[1] + "/src/smartem_backend/predictions/acquisition.py").read()
namespace = {"np": np}
for node in ast.parse(source).body:
    if isinstance(node, ast.FunctionDef) and node.name in ("select_holes", "_ordered_holes"):
        exec(compile(ast.Module([node], []), "reference", "exec"), namespace)

random.seed(16)
cases = []
while len(cases) < 60:
    squares = {}
    for s in range(random.randint(1, 6)):
        n = random.choice([1, 2, 3, 5, 8, 11, 14, 20, 30])
        holes = [("s%dh%d" % (s, h), round(random.random(), 6)) for h in range(n)]
        squares["s%d" % s] = sorted(holes, key=lambda x: x[1], reverse=True)
    cases.append({"squares": squares, "order": namespace["_ordered_holes"](squares)})
json.dump(cases, sys.stdout, separators=(",", ":"))
