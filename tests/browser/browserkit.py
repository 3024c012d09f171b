"""Shared pieces of the browser tests (paths, browser settings, the request recorder), importable by
the tests; conftest.py holds only fixtures and hooks (only one conftest can be imported as `conftest`)."""
from __future__ import annotations

import http.server
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import reviews  # reads mkdocs.yml as the hooks do

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}
NEUTRAL_PAGE = "<!doctype html><html lang='en'><title>Weather</title><h1>Weather (test stand-in)</h1></html>"


def _exit_url() -> str:
    """The neutral site from mkdocs.yml (extra: quick_exit_url), as the template reads it."""
    extra = reviews.site_config(ROOT).get("extra") or {}
    return extra.get("quick_exit_url") or "https://www.bbc.co.uk/weather"


EXIT_URL = _exit_url()
EXIT_HOST = urlsplit(EXIT_URL).hostname


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Recorder:
    """Every request of a browser context; foreign ones are refused and reported."""

    def __init__(self):
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.exits: list[str] = []

    def route(self, route):
        url = route.request.url
        host = urlsplit(url).hostname
        self.requests.append(url)
        if host == "127.0.0.1":
            route.continue_()
        elif host == EXIT_HOST:
            # The quick exit's destination: answered here, never fetched.
            self.exits.append(url)
            route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)
        else:
            self.foreign.append(url)
            route.abort()


def site_pages(site_dir: Path) -> list[str]:
    """Every HTML page of the built site, as URL paths ("" is the home page)."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith("assets/"):
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages
