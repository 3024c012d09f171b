"""Bad input an editor can commit (issue 13, points 2, 3 and 5): crashes and hangs, what was silently
accepted, file and folder names, near-miss includes, unbalanced HTML, wrong places, follow-on errors and
the redirect_from entries of the address manifest. Each case is one mistake and its one message."""
from __future__ import annotations

import os
from pathlib import Path

from catalogue.case import Case
from fixture_site import page

BODY = 17  # the first body line of fixture_site.page() without extra fields
EXTRA = 16  # the line of the first extra front-matter field
A = "procedures/a.md"
CONTACTS = {"data/contacts.yml": "- id: city-duty\n  name: City children's duty team\n  last_verified: 2026-02-01\n"}


def with_contacts(body: str) -> dict[str, str]:
    return {**CONTACTS, A: page("a", body)}


def symlink(target: str, link: str):
    """A setup making `link` (in the site) a symbolic link to `target` (absolute, or relative to the link)."""
    def make(root: Path) -> None:
        path = root / link
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)
    return make


BOMB = "".join(f'l{i}: &l{i} [{", ".join([f"*l{i - 1}"] * 9)}]\n' for i in range(1, 10))
CASES = [
    # Crashes and hangs
    Case("alias-bomb", "crash", files={A: page("a", "Text.\n", extra='l0: &l0 ["lol"]\n' + BOMB)},
         expect=(A, EXTRA, "anchor or alias")),
    Case("alias-in-front-matter", "crash", files={A: page("a", "Text.\n", extra="redirect_from: &old [procedures/old.md]\n")},
         expect=(A, EXTRA, "anchor or alias")),
    Case("alias-in-glossary", "crash", files={"data/glossary.yml": "- term: Child protection\n  definition: &d Keeping children safe.\n- term: Safeguarding\n  definition: *d\n"},
         expect=("data/glossary.yml", 2, "anchor or alias")),
    Case("alias-in-section-file", "crash", files={"procedures/x/_section.yml": "title: &t Referrals\norder: 10\n", "procedures/x/a.md": page("a", "Text.\n")},
         expect=("procedures/x/_section.yml", 1, "anchor or alias")),
    Case("number-key-beside-unknown-key", "crash", files={A: page("a", "Text.\n", extra="1: one\ncolour: blue\n")},
         expect=(A, EXTRA, 'unknown field "1"'), errors=2),
    Case("source-date-epoch-not-a-number", "crash", files={A: page("a", "Text.\n")}, env={"SOURCE_DATE_EPOCH": "yesterday"},
         expect=("SOURCE_DATE_EPOCH", 0, "not a date")),
    Case("source-date-epoch-too-large", "crash", files={A: page("a", "Text.\n")}, env={"SOURCE_DATE_EPOCH": "99999999999999999999"},
         expect=("SOURCE_DATE_EPOCH", 0, "not a date")),
    Case("symlink-loop", "crash", setup=symlink("loop", "docs/loop"), expect=("docs/loop", 1, "symbolic link")),
    Case("symlink-folder-loop", "crash", setup=symlink("..", "procedures/again"), expect=("procedures/again", 1, "symbolic link")),
    Case("nested-too-deep", "crash", files={A: page("a", "Text.\n", extra="x: " + "[" * 3000 + "]" * 3000 + "\n")},
         expect=(A, EXTRA, "levels deep")),
    Case("file-too-large", "crash", files={A: page("a", "A paragraph of text.\n\n" * 60_000)}, expect=(A, 1, "limit of 1 MB")),
    Case("line-too-long", "crash", files={A: page("a", "Intro.\n\n" + "word " * 4000 + "\n")}, expect=(A, BODY + 2, "limit of 10,000")),
    Case("alias-in-contacts", "crash", files={"data/contacts.yml": "- id: city-duty\n  name: &n City duty\n- id: other\n  name: *n\n"},
         expect=("data/contacts.yml", 2, "anchor or alias")),
    Case("owners-file-with-a-tab", "crash", files={"data/owners.yml": "- Policy and Procedures Group\n\t- Case Review Group\n", A: page("a", "Text.\n")},
         expect=("data/owners.yml", 2, "not valid YAML")),
    Case("contact-id-is-a-list", "crash", files={"data/contacts.yml": "- id: [city, duty]\n  name: City duty\n", A: page("a", "Text.\n")},
         expect=("data/contacts.yml", 1, "needs at least an id")),
    Case("python-tag-in-front-matter", "crash", files={A: page("a", "Text.\n", extra="order: !!python/object/apply:os.system [echo]\n")},
         expect=(A, EXTRA, "not valid YAML")),
    Case("empty-contacts-file", "crash", files={"data/contacts.yml": "", A: page("a", "Call [[phone: city-duty]].\n")},
         expect=(A, BODY, 'contact "city-duty" does not exist')),
    # Silently accepted
    Case("only-front-matter", "silent", files={A: page("a", "")}, expect=(A, BODY - 1, "this page has no text")),
    Case("only-whitespace-and-a-comment", "silent", files={A: page("a", "\n   \n<!-- to be written -->\n\n")}, expect=(A, BODY - 1, "this page has no text")),
    Case("nul-byte", "silent", files={A: page("a", "First line.\n\nCall the\x00 duty team.\n")}, expect=(A, BODY + 2, "control character (U+0000) at column 9")),
    Case("control-character-in-title", "silent", files={A: page("a", "Text.\n", title="Making a\x07 referral")}, expect=(A, 3, "control character (U+0007)")),
    Case("bytes-not-utf8", "silent", files={A: page("a", "First.\n\nSecond.\n").encode() + b"The \x93quoted\x94 words.\n"}, expect=(A, BODY + 3, "not UTF-8 text at column 5")),
    Case("bytes-not-utf8-in-front-matter", "place", files={A: page("a", "Text.\n", title="Cafe").encode().replace(b"Cafe", b"Caf\xe9")},
         expect=(A, 3, "not UTF-8 text at column 11")),
    Case("byte-order-mark", "silent", files={A: "\ufeff" + page("a", "Text.\n")}, errors=0),
    Case("windows-line-ends", "silent", files={A: page("a", "## Steps\n\nText.\n").replace("\n", "\r\n")}, errors=0),
    Case("title-is-a-list", "silent", files={A: page("a", "Text.\n", title="[Making, a referral]")}, expect=(A, 3, "title should be text")),
    Case("empty-section-file", "silent", files={"procedures/x/_section.yml": "", "procedures/x/a.md": page("a", "Text.\n")},
         expect=("procedures/x/_section.yml", 1, "a section file needs a title")),
    Case("control-character-in-contacts", "silent", files={**CONTACTS, "data/contacts.yml": CONTACTS["data/contacts.yml"].replace("City children's", "City\x0c children's"),
                                                          A: page("a", "Call [[phone: city-duty]].\n")},
         expect=("data/contacts.yml", 2, "control character (U+000C)")),
    # File and folder names
    Case("file-name-with-capitals", "names", files={"procedures/Making-A-Referral.md": page("a", "Text.\n")},
         expect=("procedures/Making-A-Referral.md", 1, "rename `Making-A-Referral.md` to `making-a-referral.md`")),
    Case("file-name-with-spaces", "names", files={"procedures/making a referral.md": page("a", "Text.\n")},
         expect=("procedures/making a referral.md", 1, "to `making-a-referral.md`")),
    Case("file-names-differ-only-by-case", "names", files={"procedures/referral.md": page("a", "Text.\n"), "procedures/Referral.md": page("b", "Text.\n")},
         expect=("procedures/Referral.md", 1, "`referral.md` already exists")),
    Case("folder-name-with-space", "names", files={"procedures/child protection/a.md": page("a", "Text.\n")},
         expect=("procedures/child protection", 1, "rename `child protection` to `child-protection`")),
    Case("extension-in-capitals", "names", files={"procedures/a.MD": page("a", "Text.\n")}, expect=("procedures/a.MD", 1, "rename `a.MD` to `a.md`")),
    Case("index-dot-markdown", "names", files={"docs/guide/index.markdown": page("guide", "Text.\n")}, expect=("docs/guide/index.markdown", 1, "to `index.md`")),
    Case("word-document", "names", files={"procedures/referral.docx": b"PK\x03\x04 not really a document"}, expect=("procedures/referral.docx", 1, "cannot be published")),
    Case("image-name-with-capitals", "names", files={"procedures/Flow Chart.PNG": b"\x89PNG\r\n\x1a\n"}, expect=("procedures/Flow Chart.PNG", 1, "to `flow-chart.png`")),
    Case("section-file-misnamed", "names", files={"procedures/x/section.yml": "title: Referrals\n", "procedures/x/a.md": page("a", "Text.\n")},
         expect=("procedures/x/section.yml", 1, "to `_section.yml`")),
    Case("symlink-to-a-system-file", "names", setup=symlink("/etc/passwd", "procedures/passwd.md"), forbidden=("root:x:0:0",),
         expect=("procedures/passwd.md", 1, "symbolic link")),
    Case("symlink-to-a-folder-outside", "names", setup=symlink("/etc", "thresholds/etc"), forbidden=("root:x:0:0",),
         expect=("thresholds/etc", 1, "symbolic link")),
    Case("symlink-to-a-page-inside", "names", files={A: page("a", "Text.\n")}, setup=symlink("a.md", "procedures/b.md"),
         expect=("procedures/b.md", 1, "symbolic link")),
    # Includes that nearly match
    Case("include-kind-in-capitals", "includes", files=with_contacts("Call [[Phone: city-duty]] now.\n"), expect=(A, BODY, "write `[[phone: city-duty]]`")),
    Case("include-without-colon", "includes", files=with_contacts("Call [[phone city-duty]] now.\n"), expect=(A, BODY, "write `[[phone: city-duty]]`")),
    Case("include-id-with-space", "includes", files=with_contacts("Call [[phone: city duty]] now.\n"), expect=(A, BODY, "a contact id has no spaces")),
    Case("include-one-closing-bracket", "includes", files=with_contacts("Call [[phone: city-duty] now.\n"), expect=(A, BODY, "write `[[phone: city-duty]]`")),
    Case("include-in-braces", "includes", files=with_contacts("Call {{phone: city-duty}} now.\n"), expect=(A, BODY, "write `[[phone: city-duty]]`")),
    Case("include-without-id", "includes", files=with_contacts("Who to call:\n\n[[contact:]]\n"), expect=(A, BODY + 2, "needs a contact id")),
    Case("include-kind-misspelt", "includes", files=with_contacts("[[glosary]]\n"), expect=(A, BODY, 'did you mean "glossary"')),
    Case("include-in-code-span", "includes", files=with_contacts("Write `[[Phone: x]]` or `{{phone: x}}` to show this.\n"), errors=0),
    Case("include-in-code-block", "includes", files=with_contacts("```\n[[phone x]]\n<div>\n```\n\nText.\n"), errors=0),
    # HTML that does not balance
    Case("unclosed-div", "html", files={A: page("a", "Intro.\n\n<div markdown>\n\n**Rest** of the page.\n")}, expect=(A, BODY + 2, "`<div>` is never closed")),
    Case("stray-closing-tag", "html", files={A: page("a", "Intro.\n\nText.\n\n</div>\n")}, expect=(A, BODY + 4, "`</div>` closes nothing")),
    Case("unclosed-comment", "html", files={A: page("a", "Intro.\n\n<!-- editor's note: check the number\n\nMore text.\n")}, expect=(A, BODY + 2, "`<!--` is never closed")),
    Case("unclosed-details", "html", files={A: page("a", "Intro.\n\n<details>\n<summary>More</summary>\n\nText.\n")}, expect=(A, BODY + 2, "`<details>` is never closed")),
    Case("duplicate-explicit-id", "html", files={A: page("a", "## One {#step}\n\nText.\n\n## Two {#step}\n\nText.\n")}, expect=(A, BODY + 4, 'the heading id "step" is already used')),
    Case("explicit-id-takes-another-headings", "html", files={A: page("a", "## Step one\n\nText.\n\n## Another {#step-one}\n\nText.\n")},
         expect=(A, BODY + 4, 'the heading id "step-one" is already the id of the heading at line 17')),
    Case("balanced-html-and-comments", "html", files={A: page("a", "<div markdown>\n\nText <span>here</span>.<br>\n\n</div>\n\n<!-- a note\nover lines -->\n")}, errors=0),
    # Wrong places
    Case("unclosed-quote", "place", files={A: page("a", "Text.\n", title='"Making a referral')}, expect=(A, 3, "a quote that is opened and never closed")),
    Case("null-key", "place", files={A: page("a", "Text.\n", extra="null: x\n")}, expect=(A, EXTRA, 'unknown field "null"')),
    Case("boolean-key", "place", files={A: page("a", "Text.\n", extra="yes: x\n")}, expect=(A, EXTRA, 'unknown field "yes"')),
    Case("key-missing-before-colon", "place", files={A: page("a", "Text.\n", extra=": x\n")}, expect=(A, EXTRA, "no field name")),
    Case("tab-in-front-matter", "place", files={A: page("a", "Text.\n", extra="related:\n\t- b\n")}, expect=(A, EXTRA + 1, "not valid YAML")),
    # One mistake, one message
    Case("related-to-an-unreadable-page", "follow-on", files={
        A: page("a", "Text.\n", title='"Broken'),
        "procedures/b.md": page("b", "Text.\n", extra="related: [a]\n"),
        "procedures/c.md": page("c", "See [a](a.md#steps).\n", extra="related: [a, b]\n"),
    }, expect=(A, 3, "never closed")),
    Case("superseded-by-an-unreadable-page", "follow-on", files={
        A: page("a", "Text.\n").replace("status: draft", "status: draft\n  bad: indent"),
        "procedures/old.md": page("old", "Text.\n", status="superseded", extra="superseded_by: a\n"),
    }, expect=(A, 6, "not valid YAML")),
    Case("tab-in-contacts", "follow-on", files={
        "data/contacts.yml": "- id: city-duty\n  name: City duty\n\tlast_verified: 2026-02-01\n",
        A: page("a", "Call [[phone: city-duty]].\n\n[[contact: city-duty]]\n"),
        "procedures/b.md": page("b", "Call [[phone: city-duty]].\n"),
    }, expect=("data/contacts.yml", 3, "not valid YAML")),
    Case("link-to-a-refused-file", "follow-on", files={"procedures/b.MD": page("b", "Text.\n"), A: page("a", "See [b](b.md).\n")},
         expect=("procedures/b.MD", 1, "rename `b.MD` to `b.md`")),
    Case("unreadable-bytes-and-related", "follow-on", files={
        A: page("a", "Text.\n").encode() + b"\xff\n",
        "procedures/b.md": page("b", "Text.\n", extra="related: [a]\n"),
    }, expect=(A, BODY + 1, "not UTF-8")),
    # The address manifest: redirect_from
    Case("redirect-from-a-url", "manifest", files={A: page("a", "Text.\n", extra='redirect_from: ["https://example.org/old"]\n')}, expect=(A, EXTRA, "is a web address")),
    Case("redirect-from-out-of-the-tree", "manifest", files={A: page("a", "Text.\n", extra="redirect_from: [../../x.md]\n")}, expect=(A, EXTRA, "not a file path inside")),
    Case("redirect-from-not-markdown", "manifest", files={A: page("a", "Text.\n", extra="redirect_from: [procedures/old/]\n")}, expect=(A, EXTRA, "ending in .md")),
    Case("redirect-from-a-folder-that-was-published", "manifest", files={
        A: page("a", "Text.\n", extra="redirect_from: [procedures/old/]\n"),
        "data/published-urls.txt": "/procedures/old/\n/procedures/a/\n/\n",
    }, expect=(A, EXTRA, "ending in .md")),
    Case("redirect-from-claimed-twice", "manifest", files={
        A: page("a", "Text.\n", extra="redirect_from: [procedures/old.md]\n"),
        "procedures/b.md": page("b", "Text.\n", extra="redirect_from: [procedures/old.md]\n"),
    }, expect=("procedures/b.md", EXTRA, "already claimed by procedures/a.md")),
]
