"""`make linkcheck` against a local HTTP server on 127.0.0.1 (never the internet): the exact message and
line of each failing external link."""
import http.server
import io
import threading
import time

import pytest

import cli
import linkcheck
from fixture_site import page

SLOW = 10.0  # seconds the slow URL takes; the check waits TIMEOUT
TIMEOUT = 2.0  # generous: on a busy machine a good local answer can take over half a second


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        try:
            self._answer()
        except (BrokenPipeError, ConnectionResetError):  # the check gave up on /slow, as it should
            pass

    def _answer(self):
        if self.path == "/slow":
            time.sleep(SLOW)
        if self.path in ("/good", "/slow"):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html><body>A page long enough to be a page.</body></html>")
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/good")
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # port 0: any free port
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def tree(tmp_path, server):
    """Two pages and a contacts file; the body of a page() starts on line 17."""
    def write(path, text):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")

    write("procedures/a.md", page("a", f"""\
        See [a good page]({server}/good) and [a missing one]({server}/missing).

        A [moved page]({server}/moved), a [slow one]({server}/slow) and <{server}/missing>.

        ```
        [in a code block]({server}/ignored)
        ```

        [b](b.md), `[inline code]({server}/ignored)`, [mail](mailto:someone@example.org)
        """))
    write("thresholds/b.md", page("b", f"[The same missing page][ref]\n\n[ref]: {server}/missing\n"))
    write("data/contacts.yml", f"- id: one\n  name: One\n  website: {server}/good\n- id: two\n  name: Two\n  website: {server}/gone\n")
    return tmp_path


def test_collect_finds_each_external_link_with_its_line(tree, server):
    assert linkcheck.collect(tree) == [
        ("procedures/a.md", 17, f"{server}/good"),
        ("procedures/a.md", 17, f"{server}/missing"),
        ("procedures/a.md", 19, f"{server}/moved"),
        ("procedures/a.md", 19, f"{server}/slow"),
        ("procedures/a.md", 19, f"{server}/missing"),
        ("thresholds/b.md", 17, f"{server}/missing"),
        ("data/contacts.yml", 3, f"{server}/good"),
        ("data/contacts.yml", 6, f"{server}/gone"),
    ]


def test_missing_and_slow_links_fail_good_and_redirected_pass(tree, server):
    out = io.StringIO()
    assert linkcheck.run(tree, timeout=TIMEOUT, out=out) == 1
    slow = f"no answer within {TIMEOUT:g} seconds (the site may be slow or down: try again later, or raise the timeout with TIMEOUT=30)"
    assert out.getvalue().splitlines() == [
        f'data/contacts.yml:6: error: external link "{server}/gone" failed: 404 Not Found',
        f'procedures/a.md:17: error: external link "{server}/missing" failed: 404 Not Found',
        f'procedures/a.md:19: error: external link "{server}/missing" failed: 404 Not Found',
        f'procedures/a.md:19: error: external link "{server}/slow" failed: {slow}',
        f'thresholds/b.md:17: error: external link "{server}/missing" failed: 404 Not Found',
        "Checked 5 external links (8 uses). 3 failed: fix or remove the links above.",
    ]


def test_a_server_that_does_not_answer_is_a_failure(tmp_path):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    problems = linkcheck.check([("procedures/a.md", 5, f"http://127.0.0.1:{port}/")], timeout=TIMEOUT)
    assert [(p.path, p.line, p.severity) for p in problems] == [("procedures/a.md", 5, "error")]
    assert problems[0].message.startswith(f'external link "http://127.0.0.1:{port}/" failed: Cannot connect to host 127.0.0.1:{port}')


def test_all_good_links_pass(tmp_path, server):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page("home", f"[good]({server}/good) and [moved]({server}/moved)\n"))
    out = io.StringIO()
    assert linkcheck.run(tmp_path, timeout=TIMEOUT, out=out) == 0
    assert out.getvalue() == "Checked 2 external links (2 uses). All answered.\n"


def test_the_command_line_takes_a_timeout(monkeypatch):
    seen = {}
    monkeypatch.setattr(linkcheck, "run", lambda root, timeout: seen.setdefault("args", (root, timeout)) and 0)
    cli.main(["linkcheck", "--timeout", "2.5"])
    assert seen["args"] == (cli.ROOT, 2.5)
