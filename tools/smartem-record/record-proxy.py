#!/usr/bin/env python3
"""Records the HTTP conversation between a SmartEM client (the real SmartEM agent) and a Sightline server.

usage: record-proxy.py LISTEN_PORT UPSTREAM_URL OUT.jsonl

Point the client at http://127.0.0.1:LISTEN_PORT; every request is forwarded to UPSTREAM_URL unchanged
(keep-alive towards the client, one upstream connection per request) and one JSON line is appended to
OUT.jsonl per exchange, in the order the answers came back:

  {"seq": 7, "method": "POST", "path": "/grids/X/gridsquares", "body": {...}, "status": 201,
   "response": <shape>}

`body` is the request body as sent (needed to replay it); `response` is the answer's *shape* (objects by
key, arrays by the union of their items' shapes, scalars by JSON type), so that values the server picks
(times, generated ids) do not make a replay differ. An event stream (text/event-stream) is passed through
chunk by chunk as it arrives (the client must see each event at once) and recorded as its opening line
followed by one line per event, `{"seq": .., "stream": <seq of the opening>, "event": NAME, "id": ..,
"data": <shape>}`; heartbeat events are left out (when they come depends on the clock, not the client).
The Authorization header is forwarded but never recorded. Written for Sightline's replay test
(SmartEmConversationReplayTest); see docs/smartem-recording.md.
"""
import gzip
import http.client
import json
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LISTEN, UPSTREAM, OUT = int(sys.argv[1]), urllib.parse.urlsplit(sys.argv[2]), sys.argv[3]
lock = threading.Lock()
counter = [0]
out = open(OUT, "a", buffering=1)
HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


def shape(v):
    if isinstance(v, dict):
        return {k: shape(x) for k, x in sorted(v.items())}
    if isinstance(v, list):
        merged = {}
        for item in v:
            s = shape(item)
            merged[json.dumps(s, sort_keys=True)] = s
        return [merged[k] for k in sorted(merged)]
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    return "string"


def body_shape(raw, content_type, encoding):
    if not raw:
        return "empty"
    if encoding == "gzip":  # forwarded as it came; the shape is of what it says
        raw = gzip.decompress(raw)
    if "json" in (content_type or ""):
        try:
            return shape(json.loads(raw))
        except ValueError:
            return "invalid-json"
    return "text"


def record(entry):
    with lock:
        counter[0] += 1
        entry = {"seq": counter[0], **entry}
        out.write(json.dumps(entry, sort_keys=False) + "\n")
        return counter[0]


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _forward(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP and k.lower() != "host"}
        upstream = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port, timeout=3600)
        try:
            upstream.request(self.command, self.path, body=raw or None, headers=headers)
            resp = upstream.getresponse()
        except OSError as e:
            self.send_error(502, f"upstream: {e}")
            return
        try:
            body = None
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw.decode("utf-8", "replace")
            entry = {"method": self.command, "path": self.path, "body": body, "status": resp.status}
            ctype = resp.getheader("Content-Type", "")
            if ctype.startswith("text/event-stream"):
                self._stream(resp, entry)
            else:
                data = resp.read()
                entry["response"] = body_shape(data, ctype, resp.getheader("Content-Encoding", ""))
                record(entry)
                self.send_response(resp.status)
                for k, v in resp.getheaders():
                    if k.lower() not in HOP and k.lower() != "content-length":
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
        finally:
            upstream.close()

    def _stream(self, resp, entry):
        entry["response"] = "event-stream"
        opening = record(entry)
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in HOP and k.lower() != "content-length":
                self.send_header(k, v)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        pending = b""
        try:
            while True:
                chunk = resp.read1(65536)
                if not chunk:
                    break
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
                pending += chunk
                while b"\n\n" in pending:
                    block, pending = pending.split(b"\n\n", 1)
                    self._event(opening, block.decode("utf-8", "replace"))
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (OSError, http.client.HTTPException):
            pass  # the client or the server went away: the stream ends here
        self.close_connection = True

    def _event(self, opening, block):
        name, ident, data = "message", None, []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("id:"):
                ident = line[3:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip())
        if name == "heartbeat" or not (data or ident):
            return
        text = "\n".join(data)
        try:
            parsed = shape(json.loads(text))
        except ValueError:
            parsed = "text"
        record({"stream": opening, "event": name, "id": ident, "data": parsed})

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", LISTEN), Proxy).serve_forever()
