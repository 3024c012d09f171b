"""`make linkcheck`: the external http(s) links of all content, checked over the network (opt-in).

We collect the URLs ourselves, with file and line (the page bodies through scan.scan, and the
`website` of each record in data/contacts.yml), because linkcheckmd finds URLs by its own regex and
reports only a file name. linkcheckmd's async checker makes the requests. Where it falls short we say so
beside the code that makes up for it:

- it treats a timeout as success (`except asyncio.TimeoutError: continue`), so we put our own timeout
  around each of its checks and report a slow URL ourselves;
- it follows redirects and returns only the final status, so a redirect counts as success and cannot be
  reported as a warning;
- it catches only two aiohttp errors; any other (an invalid URL, too many redirects) would escape, so we
  catch them per URL.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import http
import io
import re
import sys
from pathlib import Path

import yaml

import content
import paths
import report
from model import Problem

DEFAULT_TIMEOUT = 10.0
# At most this many requests at once: the manual links to a handful of hosts, and hammering a
# council's web server from a CI job gets us blocked.
CONCURRENCY = 8

Found = tuple[str, int, str]  # (path, line, url)


def collect(root: Path) -> list[Found]:
    """Every external http(s) link of the content, with where it is written, in file order."""
    root = Path(root)
    found: list[Found] = []
    for doc in content.load(root).documents:
        if not doc.readable:
            continue
        found += [(doc.path, link.line, link.url) for link in doc.outline().links if _is_web(link.url)]
    return found + _contact_websites(root)


def _is_web(url: str) -> bool:
    return paths.is_external(url) and url.lower().startswith(("http://", "https://"))


def _contact_websites(root: Path) -> list[Found]:
    """The `website` of each contact, with the line of its key (composed, not loaded, to keep lines)."""
    path = root / "data" / "contacts.yml"
    if not path.is_file():
        return []
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.YAMLError:  # `make check` reports a broken data file; here there is nothing to check
        return []
    found = []
    for item in node.value if isinstance(node, yaml.SequenceNode) else []:
        for key, value in item.value if isinstance(item, yaml.MappingNode) else []:
            if key.value == "website" and isinstance(value, yaml.ScalarNode) and _is_web(value.value):
                found.append(("data/contacts.yml", key.start_mark.line + 1, value.value))
    return found


def check(urls: list[Found], timeout: float = DEFAULT_TIMEOUT) -> list[Problem]:
    """Request each distinct URL once; one error per place that writes a failing URL."""
    # In a thread of its own: asyncio.run refuses to start where an event loop is already running (as
    # in a test process that also drives a browser through Playwright's synchronous API).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        failures = pool.submit(asyncio.run, _check_all(sorted({url for _, _, url in urls}), timeout)).result()
    return [
        Problem(path, line, "error", f'external link "{url}" failed: {failures[url]}')
        for path, line, url in urls
        if url in failures
    ]


async def _check_all(urls: list[str], timeout: float) -> dict[str, str]:
    from linkcheckmd import base, coro

    limit = asyncio.Semaphore(CONCURRENCY)
    # linkcheckmd reads its timeout from a module constant; set it past ours so that ours always fires
    # first (its own would be swallowed as success).
    saved, coro.TIMEOUT = coro.TIMEOUT, timeout + 5

    async def one(url: str) -> tuple[str, str | None]:
        async with limit:
            try:
                # linkcheckmd's per-file checker reads a file and finds URLs in it with a regex: give it
                # a stand-in file holding just this URL, and a regex that takes the whole text.
                bad = await asyncio.wait_for(coro.check_url(_OneUrl(url), re.compile(r".+"), "", {"User-Agent": base.USER_AGENT}), timeout)
            except asyncio.TimeoutError:
                return url, f"no answer within {timeout:g} seconds (the site may be slow or down: try again later, or raise the timeout with TIMEOUT=30)"
            except Exception as e:  # anything linkcheckmd does not catch itself
                return url, _reason(e)
            return url, _reason(bad[0][2]) if bad else None

    try:
        with contextlib.redirect_stdout(io.StringIO()):  # linkcheckmd prints each failure itself
            results = await asyncio.gather(*(one(url) for url in urls))
            await asyncio.sleep(0.25)  # as linkcheckmd does: let aiohttp close its SSL connections
    finally:
        coro.TIMEOUT = saved
    return {url: why for url, why in results if why}


def _reason(status) -> str:
    """A status code as "404 Not Found"; an exception as its message."""
    if isinstance(status, int):
        try:
            return f"{status} {http.HTTPStatus(status).phrase}"
        except ValueError:
            return f"status {status}"
    return str(status) or type(status).__name__


class _OneUrl:
    """The two things linkcheckmd's coro.check_url uses of a file."""

    def __init__(self, url: str):
        self.name = url
        self._url = url

    def read_text(self, errors=None) -> str:
        return self._url


def run(root: Path, timeout: float = DEFAULT_TIMEOUT, out=sys.stdout) -> int:
    """Check, print each failure and a count; 1 when any link failed."""
    urls = collect(root)
    problems = check(urls, timeout)
    for line in report.lines(problems):
        print(line, file=out)
    distinct = len({url for _, _, url in urls})
    failed = len({p.message for p in problems})
    verdict = f"{failed} failed: fix or remove the links above." if failed else "All answered."
    if failed and failed == distinct:
        verdict += " None answered at all: check that this computer is online."
    print(f"Checked {distinct} external links ({len(urls)} uses). {verdict}", file=out)
    return 1 if problems else 0
