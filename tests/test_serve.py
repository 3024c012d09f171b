"""The live preview survives every mistake: `mkdocs serve`, as `make serve` runs it, on 127.0.0.1 in a
fixture site; pages keep answering while a file is broken, every page shows the problems at the top with
their `path:line`, the terminal lists them, and the panel goes once the file is fixed, without a restart."""
from __future__ import annotations

import html
import io
import os
import socket
import subprocess
import sys
import time
from types import SimpleNamespace
import urllib.error
import urllib.request

import pytest

import cli
from fixture_site import page

TIMEOUT = 20  # seconds for one page to answer; a hung server fails the test, it does not hang it
REBUILD = 60  # seconds for a rebuild to show


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Preview:
    def __init__(self, site, port, proc, log):
        self.site, self.port, self.proc, self.log = site, port, proc, log

    def get(self, url: str) -> str:
        """The page at `url`, within TIMEOUT seconds (an error if the server does not answer)."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{url}", timeout=TIMEOUT) as response:
            assert response.status == 200
            return html.unescape(response.read().decode("utf-8"))

    def until(self, url: str, test, what: str) -> str:
        """Fetch `url` until `test(text)` holds, as a rebuild lands."""
        deadline = time.monotonic() + REBUILD
        while True:
            text = self.get(url)
            if test(text):
                return text
            assert self.proc.poll() is None, "the server stopped:\n" + self.terminal()
            assert time.monotonic() < deadline, f"{what} did not happen at /{url}:\n{self.terminal()[-3000:]}"
            time.sleep(0.3)

    def terminal(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def preview(site, tmp_path):
    site.write("procedures/a.md", page("a", "Call [[phone: police-101]] or see [b](b.md#when).\n"))
    site.write("procedures/b.md", page("b", "## When\n\nText.\n"))
    site.write("data/contacts.yml", (cli.ROOT / "data" / "contacts.yml").read_text(encoding="utf-8"))
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1773000000", "NO_MKDOCS_2_WARNING": "1"}
    with open(log, "wb") as out:
        # The Makefile's command; strict: true stays in mkdocs.yml (the hook turns it off for the preview).
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
                                cwd=site.root, stdout=out, stderr=subprocess.STDOUT, env=env)
    server = Preview(site, port, proc, log)
    try:
        deadline = time.monotonic() + REBUILD
        while True:
            try:
                server.get("")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert proc.poll() is None and time.monotonic() < deadline, "the preview did not start:\n" + server.terminal()
                time.sleep(0.3)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def check_lines(site) -> list[str]:
    """What `make check` prints for the site as it is now: the panel must list the same problems."""
    out = io.StringIO()
    cli.check(site.root, out=out)
    return [line for line in out.getvalue().splitlines() if ": error: " in line or ": warning: " in line]


PANEL = 'class="llr-problems"'

BREAKS = [
    ("bad YAML front matter", lambda text: text.replace("owner: Policy and Procedures Group", "owner: [Policy and Procedures Group")),
    ("an unknown contact", lambda text: text.replace("[[phone: police-101]]", "[[phone: nobody-at-all]]")),
    ("a broken link", lambda text: text.replace("b.md#when", "b.md#whne")),
]


def test_the_preview_keeps_answering_and_shows_each_problem_until_it_is_fixed(preview):
    good = (preview.site.root / "procedures" / "a.md").read_text(encoding="utf-8")
    for url in ("", "procedures/a/"):
        assert PANEL not in preview.get(url)
    for what, breaking in BREAKS:
        preview.site.write("procedures/a.md", breaking(good))
        expected = [line for line in check_lines(preview.site) if ": error: " in line]
        assert expected and all(line.startswith("procedures/a.md:") for line in expected), (what, expected)
        home = preview.until("", lambda t: PANEL in t and expected[0] in t, f"the panel for {what}")
        for line in expected:
            assert line in home, (what, line)
        assert home.index(PANEL) < home.index('class="md-header'), "the panel is at the top of the page"
        procedure = preview.get("procedures/a/")  # the broken page itself still answers, with the panel
        assert PANEL in procedure and expected[0] in procedure
        assert expected[0] in preview.terminal()
        preview.site.write("procedures/a.md", good)
        preview.until("", lambda t: PANEL not in t, f"the panel going once {what} was fixed")
        assert "Call" in preview.get("procedures/a/")
    assert preview.proc.poll() is None


def test_a_rebuild_that_fails_puts_the_last_good_pages_back_with_a_note(tmp_path):
    """Should a rebuild still raise (a fault in the code, not the content), the server's folder is not
    left half cleaned: the last good pages come back, with the panel saying what happened."""
    import jinja2

    import preview
    from model import Problem

    site_dir = tmp_path / "served"
    site_dir.mkdir()
    (site_dir / "index.html").write_text("<html><body class='x'><p>Good page.</p></body></html>")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(cli.ROOT / "docs" / "overrides")))

    config = SimpleNamespace(site_dir=str(site_dir), theme=SimpleNamespace(get_env=lambda: env))  # what after_build reads
    try:
        preview.after_build(config, [Problem("procedures/a.md", 3, "warning", "a warning")])
        assert "llr-warnings" in (site_dir / "index.html").read_text()

        def failing(config=None):
            (site_dir / "index.html").unlink()  # MkDocs cleans the folder first, then fails
            raise RuntimeError("boom")

        preview.guard(failing, str(site_dir))()
        text = (site_dir / "index.html").read_text()
        assert "<p>Good page.</p>" in text and 'class="llr-problems"' in text
        assert "The preview could not be rebuilt" in text and "RuntimeError: boom" in text
        assert text.index("llr-problems") > text.index("<body")
    finally:
        preview.cleanup()
