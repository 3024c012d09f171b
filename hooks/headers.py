"""Security headers for static hosting, made from the built site.

The Content-Security-Policy allows scripts only from the site itself and the inline scripts the built
pages really hold (Material's own among them), each by its sha256 hash, computed here after the build:
nothing is typed by hand, so a template or script that adds an inline script is covered at the next
build. No third-party host appears anywhere; the referrer is never sent (the quick exit and outbound
links leak nothing).

The build writes the headers twice: `_headers` (Netlify and Cloudflare Pages read it from the site
root) and `_headers.nginx` (`add_header` lines, included by hosting/nginx.conf). `serve` applies
`_headers` on 127.0.0.1, for the preview and the browser tests.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import html.parser
import http.server
import threading
from pathlib import Path

HEADERS_FILE = "_headers"
NGINX_FILE = "_headers.nginx"
# Script types a browser runs (a JSON data block such as Material's __config is not run, so needs no hash).
RUNNABLE = ("", "text/javascript", "application/javascript", "module")

FIXED = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()",
}


class _Scripts(html.parser.HTMLParser):
    """Inline scripts and inline event handlers (onclick="...") of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self._inside = False
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.handlers += [v or "" for k, v in attrs if k.startswith("on")]
        if tag == "script":
            a = dict(attrs)
            self._inside = "src" not in a and (a.get("type") or "").lower() in RUNNABLE
            self._text = []

    def handle_endtag(self, tag):
        if tag == "script" and self._inside:
            self.scripts.append("".join(self._text))
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self._text.append(data)

    # A script's text is taken exactly as written: entity and character references are not decoded in it.
    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_hashes(site: Path) -> tuple[list[str], list[str]]:
    """(hashes of inline scripts, hashes of inline event handlers) across every page of the site."""
    scripts, handlers = set(), set()
    for page in sorted(Path(site).rglob("*.html")):
        parser = _Scripts()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        scripts |= {sha256(s) for s in parser.scripts}
        handlers |= {sha256(h) for h in parser.handlers}
    return sorted(scripts), sorted(handlers)


def policy(script_hashes: list[str], handler_hashes: list[str] = ()) -> str:
    scripts = ["'self'", "'wasm-unsafe-eval'", *script_hashes]  # WebAssembly: the site search runs in it
    if handler_hashes:
        scripts += ["'unsafe-hashes'", *handler_hashes]
    parts = {
        "default-src": "'self'",
        "script-src": " ".join(scripts),
        # Material and mermaid set style attributes; no script can run from a style.
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "worker-src": "'self' blob:",
        "manifest-src": "'self'",
        "object-src": "'none'",
        "frame-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{k} {v}" for k, v in parts.items())


def headers(site: Path) -> dict[str, str]:
    return {"Content-Security-Policy": policy(*inline_hashes(site)), **FIXED}


def write(site: Path) -> Path:
    """Write _headers and _headers.nginx into the built site; returns the path of _headers."""
    site = Path(site)
    values = headers(site)
    (site / HEADERS_FILE).write_text(
        "# Security headers for every address (Netlify / Cloudflare Pages format), made at build time.\n/*\n"
        + "".join(f"  {k}: {v}\n" for k, v in values.items()), encoding="utf-8")
    (site / NGINX_FILE).write_text(
        "# Security headers made at build time; included by hosting/nginx.conf.\n"
        + "".join(f'add_header {k} "{v}" always;\n' for k, v in values.items()), encoding="utf-8")
    return site / HEADERS_FILE


def read(site: Path) -> dict[str, str]:
    """The headers of `/*` in a site's _headers file."""
    out, inside = {}, False
    for line in (Path(site) / HEADERS_FILE).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "\t")):
            inside = line.strip() == "/*"
        elif inside:
            key, _, value = line.strip().partition(":")
            out[key.strip()] = value.strip()
    return out


class _WithHeaders(http.server.SimpleHTTPRequestHandler):
    extra: dict[str, str] = {}

    def end_headers(self):
        for key, value in self.extra.items():
            self.send_header(key, value)
        super().end_headers()

    def log_message(self, *args):
        pass


def server(site: Path, port: int = 0) -> http.server.ThreadingHTTPServer:
    """A server for the built site on 127.0.0.1 that sends the headers of its _headers file."""
    handler = type("Handler", (_WithHeaders,), {"extra": read(site)})
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(site)))


def serve(site: Path, port: int = 8001) -> None:
    httpd = server(site, port)
    print(f"Serving {site} with its security headers on http://127.0.0.1:{httpd.server_address[1]}/ (Ctrl+C to stop)")
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()


def serve_in_background(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = server(site)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"
