"""The registry's sources, offline: saved pages served on 127.0.0.1 through an HTTP proxy.

``tests/fixtures/sites/<source_id>/web/`` mirrors a site's URL paths. The crawler runs
with ``--proxy`` and a copy of the registry whose ``https://`` base URLs are ``http://``,
so it asks for ``http://metrobali.com/feed/`` and the proxy answers from
``sites/metrobali/web/feed/index.xml``; no request leaves the machine (any host outside
the registry gets 502).

Path mapping: the exact file; then ``path.html``; then ``path/index.html``, then
``path/index.xml``. A query string is part of the file name: ``/news?page=2`` is
``news@page=2.html``. ``{{BASE}}`` in a text file becomes ``http://<host asked for>``.

Like a real server it sends ``ETag`` and ``Last-Modified`` and answers conditional GETs
with 304; ``robots.txt`` allows everything unless the fixture has its own. Tests can
queue faults (``web.fault(host, path, [(429, {"Retry-After": "1"})])``) and read every
request from ``web.log``.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

SITES = Path(__file__).parent / "fixtures" / "sites"
REGISTRY = Path(__file__).parent.parent / "spiders" / "sources.yaml"
LAST_MODIFIED = "Mon, 02 Nov 2026 00:00:00 GMT"
TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml; charset=utf-8",
         ".txt": "text/plain; charset=utf-8", ".pdf": "application/pdf", ".json": "application/json"}


class FixtureWeb:
    def __init__(self, registry: Path = REGISTRY, sites: Path = SITES):
        from spiders.registry import load

        self.registry = registry
        self.sites = sites
        self.sources = load(registry)
        self.hosts: dict[str, str] = {}
        for s in self.sources:
            for d in s.allowed_domains:
                self.hosts[d] = s.id
        self.log: list[dict] = []  # every request: host, path, status, t, user_agent, conditional headers
        self.faults: dict[tuple[str, str], list[tuple[int, dict]]] = {}
        self._lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    # -- control -------------------------------------------------------------------
    def __enter__(self) -> FixtureWeb:
        web = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                web._handle(self)

            def do_CONNECT(self):
                self.send_error(502, "no tunnels: the fixture web is plain HTTP")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def registry_yaml(self, path: Path) -> Path:
        """A copy of the registry whose base URLs are plain http (served by the proxy)."""
        path.write_text(self.registry.read_text(encoding="utf-8").replace("https://", "http://"), encoding="utf-8")
        return path

    def fault(self, host: str, path: str, responses: list[tuple[int, dict]]) -> None:
        with self._lock:
            self.faults[(host, path)] = list(responses)

    def requests(self, host: str | None = None) -> list[dict]:
        with self._lock:
            return [r for r in self.log if host is None or r["host"] == host]

    # -- serving -------------------------------------------------------------------
    def resolve(self, source_id: str, path: str, query: str) -> Path | None:
        root = self.sites / source_id / "web"
        rel = unquote(path).lstrip("/")
        if any(part in ("..", "") for part in rel.split("/")[:-1]) or "/." in "/" + rel:
            return None
        base = root / rel
        if query:
            base = root / f"{rel.rstrip('/')}@{query}"
        for cand in (base, Path(f"{base}.html"), base / "index.html", base / "index.xml"):
            if cand.is_file():
                return cand
        return None

    def _send(self, h: BaseHTTPRequestHandler, host: str, path: str, status: int, headers: dict, body: bytes) -> None:
        with self._lock:
            self.log.append({"host": host, "path": path, "status": status, "t": time.monotonic(),
                             "user_agent": h.headers.get("User-Agent"),
                             "if_none_match": h.headers.get("If-None-Match"),
                             "if_modified_since": h.headers.get("If-Modified-Since")})
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        host = (parts.hostname or h.headers.get("Host", "").split(":")[0]).lower()
        path = parts.path or "/"
        full = path + (f"?{parts.query}" if parts.query else "")
        sid = self.hosts.get(host)
        if sid is None:
            return self._send(h, host, full, 502, {"Content-Type": "text/plain"}, b"host not in the registry")
        with self._lock:
            queued = self.faults.get((host, full))
            fault = queued.pop(0) if queued else None
        if fault:
            status, headers = fault
            return self._send(h, host, full, status, {"Content-Type": "text/plain", **headers}, b"fault")
        file = self.resolve(sid, path, parts.query)
        if file is None:
            if path == "/robots.txt":
                return self._send(h, host, full, 200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
            return self._send(h, host, full, 404, {"Content-Type": "text/html"}, b"<h1>404</h1>")
        body = file.read_bytes()
        ctype = TYPES.get(file.suffix, "application/octet-stream")
        if file.suffix == ".xml" and (b"<rss" in body[:500] or b"<feed" in body[:500]):
            ctype = "application/rss+xml; charset=utf-8"
        if ctype.startswith(("text/", "application/xml", "application/rss")):
            body = body.replace(b"{{BASE}}", f"http://{host}".encode())
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        headers = {"Content-Type": ctype, "ETag": etag, "Last-Modified": LAST_MODIFIED,
                   "Date": formatdate(usegmt=True)}
        inm = h.headers.get("If-None-Match")
        ims = h.headers.get("If-Modified-Since")
        not_modified = inm == etag if inm else False
        if not inm and ims:
            try:
                not_modified = parsedate_to_datetime(ims) >= parsedate_to_datetime(LAST_MODIFIED)
            except (TypeError, ValueError):
                pass
        if not_modified:
            return self._send(h, host, full, 304, {"ETag": etag, "Last-Modified": LAST_MODIFIED}, b"")
        self._send(h, host, full, 200, headers, body)


def run_crawl(registry: Path, source: str, out: Path, proxy: str, seen: Path | None = None,
              extra: list[str] | None = None, env: dict | None = None) -> dict:
    """``python -m spiders.crawl`` in a child process, politeness off (loopback); its summary."""
    from flows.cli import DEMO_SCRAPY_SETTINGS

    cmd = [sys.executable, "-m", "spiders.crawl", "--registry", str(registry), "--source", source,
           "--out", str(out), "--proxy", proxy, *(extra or [])]
    if seen:
        cmd += ["--seen", str(seen)]
    for k, v in DEMO_SCRAPY_SETTINGS.items():
        cmd += ["--set", f"{k}={v}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})},
                          cwd=Path(__file__).parent.parent)
    assert proc.returncode == 0, f"crawl of {source} failed: {proc.stderr[-2000:]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])
