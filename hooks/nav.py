"""The navigation, made from the content tree: folder titles and order from `_section.yml`, page order
from `order:` in front matter, so adding a page never needs an edit to mkdocs.yml."""
from __future__ import annotations

import posixpath
from html import escape

from content import Manual, src_uri

DEFAULT_ORDER = 100


def _folder(path: str) -> str:
    """The navigation folder of a file: docs/ is the root; procedures/ and thresholds/ hang off it."""
    folder = posixpath.dirname(path)
    return "" if folder == "docs" else folder.removeprefix("docs/")


def build(manual: Manual, include=lambda doc: True) -> list:
    """MkDocs `nav` configuration: a list of {title: src_uri} and {section title: [...]}. Titles are
    escaped, as the theme puts them into the page as they are."""
    children: dict[str, list] = {}
    for doc in manual.documents:
        if doc.readable and include(doc):
            children.setdefault(_folder(doc.path), []).append(doc)
    folders = set(children)
    for folder in list(folders):  # make sure every ancestor folder exists
        while folder:
            folder = posixpath.dirname(folder)
            folders.add(folder)
    return _items("", folders, children, manual)


def _section(folder: str, manual: Manual):
    return manual.sections.get(folder) or manual.sections.get(f"docs/{folder}")


def _items(folder: str, folders: set[str], children: dict, manual: Manual) -> list:
    entries = []  # (is_index, order, title, item)
    for doc in children.get(folder, []):
        is_index = posixpath.basename(doc.path) in ("index.md", "README.md")
        title = doc.meta.get("title") or doc.path
        entries.append((not is_index, _order(doc.meta.get("order")), str(title), {escape(str(title), quote=False): src_uri(doc.path)}))
    for sub in sorted(f for f in folders if f and posixpath.dirname(f) == folder):
        items = _items(sub, folders, children, manual)
        if not items:
            continue
        section = _section(sub, manual)
        index = next((d for d in children.get(sub, []) if posixpath.basename(d.path) in ("index.md", "README.md")), None)
        title = section.title if section else (index.meta.get("title") if index else posixpath.basename(sub).replace("-", " ").capitalize())
        order = section.order if section else _order(index.meta.get("order") if index else None)
        entries.append((True, order, str(title), {escape(str(title), quote=False): items}))
    entries.sort(key=lambda e: e[:3])
    return [e[3] for e in entries]


def _order(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else DEFAULT_ORDER
