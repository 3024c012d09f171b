"""The editors' page "What this message means": every message the checks can print has an entry in
data/messages.yml (an example and the fix), and the committed page is made from it."""
from __future__ import annotations

import re

import messages
from fixture_site import ROOT

TEMPLATES = messages.scan(ROOT / "hooks")
ENTRIES = messages.entries(ROOT)


def _pattern(template: messages.Template) -> str:
    return ".*?".join(map(re.escape, template.text.split(messages.GAP)))


def test_every_message_has_an_entry_in_the_guide():
    missing = messages.unexplained(TEMPLATES, ENTRIES)
    assert not missing, "add an entry (match, example, fix) to data/messages.yml for:\n" + "\n".join(f"  {t.where}: {t.text}" for t in missing)


def test_every_entry_is_still_a_message():
    assert not messages.unused(TEMPLATES, ENTRIES), "these entries of data/messages.yml match no message any more: update or remove them"


def test_each_example_reads_like_its_message():
    for entry in ENTRIES:
        mine = [t for t in TEMPLATES if messages.matches(entry, t)]
        assert any(re.fullmatch(_pattern(t), entry.example, re.S) for t in mine), f"the example for {entry.match!r} does not read like {[t.text for t in mine]}"


def test_the_committed_page_is_made_from_the_entries():
    page = (ROOT / messages.PAGE).read_text(encoding="utf-8")
    assert page == messages.page_markdown(ENTRIES), "docs/editors/messages.md is out of date: run `make messages`"


def test_a_new_check_is_found_without_being_registered(tmp_path):
    """What keeps the guide complete: a message written in a new module is found by reading the code."""
    (tmp_path / "newcheck.py").write_text(
        "from model import Problem\n"
        "def check(doc, n):\n"
        "    return [Problem(doc.path, 1, 'error', f'the page has {n} unsafe tags: remove them')]\n"
        "def err(message):\n    return message\n"
        "def other(x):\n    return err('a helper message' if x else f'another {x} one')\n"
    )
    found = {(t.text, t.severity) for t in messages.scan(tmp_path)}
    assert found == {("the page has … unsafe tags: remove them", "error"), ("a helper message", ""), ("another … one", "")}
    assert messages.unexplained(messages.scan(tmp_path), ENTRIES)  # none of them is explained yet
