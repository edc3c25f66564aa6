"""Serve the bundled offline sample web (``flows/sampleweb/sites/``) on localhost.

One ``ThreadingHTTPServer`` per site, each on ``127.0.0.1`` with an ephemeral port, each
in a daemon thread::

    from flows.sampleweb.server import SampleWeb

    with SampleWeb() as web:                  # or SampleWeb(root=Path(...))
        web.base_urls     # {"wartadewata": "http://127.0.0.1:40123", "ombudsman": ..., ...}
        web.sources_yaml()  # sources.yaml with {wartadewata} etc. substituted

Path mapping: the exact file, then ``path + ".html"``, then ``path/index.html`` (and
``path/index.xml`` for feeds); 404 otherwise.  The literal ``{{BASE}}`` in every text
response is replaced with the site's own base URL.  ``Last-Modified`` comes from the
``.lastmod.json`` written by ``build.py`` (a fixed date when a file is not listed), so
headers are deterministic.  Dot-files are never served.

Besides the brief's interface, ``web.proxy`` is the URL of a small offline HTTP proxy
(also on 127.0.0.1, ephemeral port).  Through it each site answers both at its own
``http://127.0.0.1:PORT`` and at ``http://<site_id>.test`` (``web.hosts``), with
``{{BASE}}`` filled in for the host asked for; any other host gets 502 and nothing ever
leaves the machine.  ``web.sources_yaml(hosts="proxy")`` gives a registry that uses the
``.test`` hosts (and sets ``allowed_domains`` to match); the default is the local URLs.

Run ``python -m flows.sampleweb.server`` (or ``python flows/sampleweb/server.py``) to
browse the sites by hand; Ctrl-C stops it.
"""

from __future__ import annotations

import json
import mimetypes
import posixpath
import threading
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
DEFAULT_ROOT = HERE / "sites"
SOURCES_YAML = HERE / "sources.yaml"
PLACEHOLDER = b"{{BASE}}"
LASTMOD_FILE = ".lastmod.json"
DEFAULT_LAST_MODIFIED = "Mon, 15 Dec 2025 00:00:00 GMT"
SITE_ORDER = ("wartadewata", "ombudsman", "portal")

TEXT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".xsl": "text/xsl; charset=utf-8",
}
RSS_TYPE = "application/rss+xml; charset=utf-8"


class _Site:
    """One site directory: file lookup, content types, Last-Modified."""

    def __init__(self, site_id: str, site_dir: Path) -> None:
        self.id = site_id
        self.dir = site_dir.resolve()
        lastmod_path = self.dir / LASTMOD_FILE
        self.lastmod: dict[str, str] = (
            json.loads(lastmod_path.read_text(encoding="utf-8")) if lastmod_path.exists() else {}
        )

    def resolve(self, url_path: str) -> Path | None:
        path = unquote(urlsplit(url_path).path)
        if not path.startswith("/"):
            return None
        parts = [p for p in path.split("/") if p]
        if any(p.startswith(".") for p in parts):  # no dot-files, no traversal
            return None
        norm = posixpath.normpath("/" + "/".join(parts)).lstrip("/")
        candidates: list[Path] = []
        if norm and norm != ".":
            candidates.append(self.dir / norm)                 # exact file
            candidates.append(self.dir / (norm + ".html"))     # path + ".html"
            base = self.dir / norm
        else:
            base = self.dir
        candidates.append(base / "index.html")                 # path/index.html
        candidates.append(base / "index.xml")                  # path/index.xml (feeds)
        for c in candidates:
            try:
                rc = c.resolve()
            except OSError:
                continue
            if rc.is_file() and self.dir in rc.parents:
                return rc
        return None

    @staticmethod
    def content_type(file: Path) -> str:
        suffix = file.suffix.lower()
        if suffix == ".xml" and file.parent.name == "feed":
            return RSS_TYPE
        if suffix in TEXT_TYPES:
            return TEXT_TYPES[suffix]
        guessed, _ = mimetypes.guess_type(file.name)
        return guessed or "application/octet-stream"

    def respond(self, handler: BaseHTTPRequestHandler, url_path: str, base_url: str,
                send_body: bool) -> None:
        file = self.resolve(url_path)
        if file is None:
            _send_error(handler, HTTPStatus.NOT_FOUND, "Not Found", send_body)
            return
        data = file.read_bytes()
        ctype = self.content_type(file)
        if ctype.startswith(_TEXTUAL):
            data = data.replace(PLACEHOLDER, base_url.encode("ascii"))
        rel = file.relative_to(self.dir).as_posix()
        handler.send_response(HTTPStatus.OK)
        handler.send_header("Content-Type", ctype)
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("Last-Modified", self.lastmod.get(rel, DEFAULT_LAST_MODIFIED))
        handler.end_headers()
        if send_body:
            handler.wfile.write(data)


_TEXTUAL = ("text/", "application/xml", "application/rss+xml", "application/json",
            "application/javascript")


def _send_error(handler: BaseHTTPRequestHandler, status: HTTPStatus, reason: str,
                send_body: bool) -> None:
    body = (f"<!DOCTYPE html><html><head><title>{status.value} {reason}</title></head>"
            f"<body><h1>{status.value} {reason}</h1></body></html>\n").encode("ascii")
    handler.send_response(status)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if send_body:
        handler.wfile.write(body)


class _QuietHandler(BaseHTTPRequestHandler):
    server_version = "SampleWeb/1.0"
    sys_version = ""

    # no per-request lines on stderr
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class _SiteHandler(_QuietHandler):
    """Serves one site at http://127.0.0.1:PORT."""

    def __init__(self, *args: Any, site: _Site, **kwargs: Any) -> None:
        self.site = site
        super().__init__(*args, **kwargs)

    def _base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def do_GET(self) -> None:
        self.site.respond(self, self.path, self._base_url(), send_body=True)

    def do_HEAD(self) -> None:
        self.site.respond(self, self.path, self._base_url(), send_body=False)


class _ProxyHandler(_QuietHandler):
    """Offline forward proxy: answers for the sample sites only, from disk."""

    def __init__(self, *args: Any, routes: dict[str, tuple[_Site, str]], **kwargs: Any) -> None:
        self.routes = routes
        super().__init__(*args, **kwargs)

    def _handle(self, send_body: bool) -> None:
        target = self.path
        if target.startswith("/"):  # origin-form: route by Host header
            host, path = self.headers.get("Host", ""), target
        else:
            u = urlsplit(target)
            if u.scheme != "http":
                _send_error(self, HTTPStatus.BAD_REQUEST, "Bad Request", send_body)
                return
            host, path = u.netloc, (u.path or "/")
        host = host.lower()
        if host.endswith(":80"):
            host = host[:-3]
        route = self.routes.get(host)
        if route is None:
            _send_error(self, HTTPStatus.BAD_GATEWAY, "Bad Gateway", send_body)
            return
        site, base_url = route
        site.respond(self, path, base_url, send_body)

    def do_GET(self) -> None:
        self._handle(send_body=True)

    def do_HEAD(self) -> None:
        self._handle(send_body=False)

    def do_CONNECT(self) -> None:
        _send_error(self, HTTPStatus.METHOD_NOT_ALLOWED, "Method Not Allowed", True)


class SampleWeb:
    """Context manager that serves every site directory under ``root``.

    Attributes while running: ``base_urls`` ({site_id: "http://127.0.0.1:PORT"}),
    ``proxy`` ("http://127.0.0.1:PORT" of the offline proxy) and ``hosts``
    ({site_id: "http://<site_id>.test"}, reachable through the proxy only).
    """

    TEST_TLD = ".test"

    def __init__(self, root: Path | str | None = None, host: str = "127.0.0.1") -> None:
        self.root = Path(root) if root is not None else DEFAULT_ROOT
        self.host = host
        self._servers: list[ThreadingHTTPServer] = []
        self._threads: list[threading.Thread] = []
        self.base_urls: dict[str, str] = {}
        self.hosts: dict[str, str] = {}
        self.proxy: str | None = None

    def _site_ids(self) -> list[str]:
        if not self.root.is_dir():
            raise FileNotFoundError(f"sample web root not found: {self.root} (run build.py)")
        found = sorted(p.name for p in self.root.iterdir() if p.is_dir() and not p.name.startswith("."))
        ordered = [s for s in SITE_ORDER if s in found] + [s for s in found if s not in SITE_ORDER]
        if not ordered:
            raise FileNotFoundError(f"no site directories under {self.root}")
        return ordered

    def _serve(self, handler: Any, name: str) -> int:
        httpd = ThreadingHTTPServer((self.host, 0), handler)
        httpd.daemon_threads = True
        self._servers.append(httpd)
        t = threading.Thread(target=httpd.serve_forever, name=f"sampleweb-{name}", daemon=True)
        t.start()
        self._threads.append(t)
        return httpd.server_address[1]

    def start(self) -> "SampleWeb":
        if self._servers:
            return self
        try:
            routes: dict[str, tuple[_Site, str]] = {}
            for site_id in self._site_ids():
                site = _Site(site_id, self.root / site_id)
                port = self._serve(partial(_SiteHandler, site=site), site_id)
                base = f"http://{self.host}:{port}"
                self.base_urls[site_id] = base
                self.hosts[site_id] = f"http://{site_id}{self.TEST_TLD}"
                routes[f"{self.host}:{port}"] = (site, base)
                routes[f"{site_id}{self.TEST_TLD}"] = (site, self.hosts[site_id])
            port = self._serve(partial(_ProxyHandler, routes=routes), "proxy")
            self.proxy = f"http://{self.host}:{port}"
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for httpd in self._servers:
            try:
                httpd.shutdown()
            finally:
                httpd.server_close()
        for t in self._threads:
            t.join(timeout=5)
        self._servers.clear()
        self._threads.clear()
        self.base_urls = {}
        self.hosts = {}
        self.proxy = None

    def __enter__(self) -> "SampleWeb":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # The crawl uses the ".test" hosts through the proxy: their URLs, and so the
    # article ids derived from them, stay the same from one run to the next while the
    # ports change.
    def sources_yaml(self, path: Path | str | None = None, hosts: str = "proxy") -> str:
        """``sources.yaml`` with ``{site_id}`` placeholders replaced.

        ``hosts="local"``: the ``http://127.0.0.1:PORT`` base URLs; the file is
        returned as written, only the exact tokens ``{wartadewata}`` etc. are replaced,
        so regexes such as ``\\d{4}`` survive untouched.
        ``hosts="proxy"`` (default): the ``http://<site_id>.test`` hosts (fetch them through
        ``self.proxy``) and ``allowed_domains`` set to that host.
        """
        if not self.base_urls:
            raise RuntimeError("SampleWeb is not running")
        if hosts not in ("local", "proxy"):
            raise ValueError("hosts must be 'local' or 'proxy'")
        urls = self.base_urls if hosts == "local" else self.hosts
        text = Path(path or SOURCES_YAML).read_text(encoding="utf-8")
        for site, url in urls.items():
            text = text.replace("{" + site + "}", url)
        if hosts == "local":
            return text
        import yaml  # only needed for the proxy variant

        data = yaml.safe_load(text)
        for src in data.get("sources", []):
            netloc = urlsplit(src.get("base_url", "")).netloc
            if netloc.endswith(self.TEST_TLD):
                src["allowed_domains"] = [netloc]
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def main() -> None:
    import time

    with SampleWeb() as web:
        print("Sample web is running (Ctrl-C to stop):")
        for site, url in web.base_urls.items():
            print(f"  {site:<12} {url}/   (via proxy {web.proxy}: {web.hosts[site]}/)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("\nstopping")


if __name__ == "__main__":
    main()
