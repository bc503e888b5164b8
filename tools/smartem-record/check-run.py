#!/usr/bin/env python3
"""Checks one recorded SmartEM agent run (record-proxy.py's JSON lines) against the server that took it.

usage: check-run.py RUN.jsonl SERVER_URL [TOKEN]

1. Every request succeeded (2xx), except those naming a foil hole the agent never created (it skips
   holes near a grid bar but still sends their micrographs): those must be 404.
2. The server holds exactly one grid per acquisition the agent created, and every grid square, foil hole
   and micrograph it sent (by the id it sent, which may be an alias), one entity per natural key.
Prints a summary; exits 1 when anything does not hold.
"""
import collections
import json
import re
import sys
import urllib.error
import urllib.request

run, base = sys.argv[1], sys.argv[2].rstrip("/")
token = sys.argv[3] if len(sys.argv) > 3 else None
lines = [json.loads(l) for l in open(run)]
requests = [e for e in lines if "method" in e]
problems = []


def get(path):
    req = urllib.request.Request(base + path)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None


def items(body):
    return body if isinstance(body, list) else [body] if isinstance(body, dict) else []


sent = collections.defaultdict(dict)  # kind -> id -> natural key
acquisitions = []
for e in requests:
    path = e["path"].split("?")[0]
    if e["method"] != "POST" or not str(e["status"]).startswith("2"):
        continue
    if path == "/acquisitions":
        acquisitions.append(e["body"]["uuid"])
    elif m := re.fullmatch(r"/acquisitions/[^/]+/grids", path):
        for b in items(e["body"]):
            sent["grid"][b["uuid"]] = (b.get("acquisition_uuid"), b.get("data_dir"))
    elif re.fullmatch(r"/grids/[^/]+/gridsquares(/batch)?", path):
        for b in items(e["body"]):
            sent["gridsquare"][b["uuid"]] = b.get("gridsquare_id")
    elif re.fullmatch(r"/gridsquares/[^/]+/foilholes", path):
        for b in items(e["body"]):
            sent["foilhole"][b["uuid"]] = b.get("foilhole_id")
    elif re.fullmatch(r"/foilholes/[^/]+/micrographs", path):
        for b in items(e["body"]):
            sent["micrograph"][b["uuid"]] = b.get("micrograph_id")

defect = 0
for e in requests:
    if str(e["status"]).startswith("2"):
        continue
    m = re.fullmatch(r"/foilholes/([^/]+)(/micrographs)?", e["path"].split("?")[0])
    if e["status"] == 404 and m and m.group(1) not in sent["foilhole"]:
        defect += 1
        continue
    problems.append(f"seq {e['seq']}: {e['method']} {e['path']} answered {e['status']}")

routes = {"grid": "/grids/", "gridsquare": "/gridsquares/", "foilhole": "/foilholes/", "micrograph": "/micrographs/"}
# the natural key of each kind within its parent, as the server holds it (the parent by its own uuid)
natural = {"grid": ("acquisition_uuid", "data_dir"), "gridsquare": ("grid_uuid", "gridsquare_id"),
           "foilhole": ("gridsquare_uuid", "foilhole_id"), "micrograph": ("foilhole_uuid", "uuid")}
held = {}
for kind, ids in sent.items():
    canonical, keys = set(), set()
    for i in ids:
        status, body = get(routes[kind] + i)
        if status != 200:
            problems.append(f"{kind} {i} sent but GET answered {status}")
        else:
            canonical.add(body["uuid"])
            keys.add(tuple(body.get(f) for f in natural[kind]))
    held[kind] = len(canonical)
    if len(canonical) != len(keys):
        problems.append(f"{kind}: {len(canonical)} entities for {len(keys)} natural keys")
for a in acquisitions:
    status, grids = get(f"/acquisitions/{a}/grids")
    if status != 200 or len(grids) != 1:
        problems.append(f"acquisition {a}: {len(grids or [])} grids (status {status})")

events = collections.Counter(e["event"] for e in lines if "event" in e)
print(f"{run}: {len(requests)} requests, {defect} 404s naming foil holes the agent never created, "
      f"acquisitions {len(acquisitions)}, sent ids " + ", ".join(f"{k} {len(v)}" for k, v in sent.items())
      + "; held " + ", ".join(f"{k} {v}" for k, v in held.items()) + f"; stream events {dict(events)}")
for p in problems:
    print("PROBLEM", p)
sys.exit(1 if problems else 0)
