"""Links as authors write them (relative paths between the real files) and as MkDocs needs them
(relative to each file's place in the site, where docs/ is the root)."""
from __future__ import annotations

import functools
import posixpath
import unicodedata
from urllib.parse import urlsplit

from content import TREES, src_uri


def unreadable(url: str) -> bool:
    """Whether urlsplit cannot read the address at all (a host like "//[" or "https://[x")."""
    if "[" not in url:
        return False
    try:
        urlsplit(url)
    except ValueError:
        return True
    return False


def is_external(url: str) -> bool:
    if ":" not in url and not url.startswith("//"):  # no scheme and no host: most links, decided quickly
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # a host that cannot be read, like "//[": a web address all the same, never a file
        return True
    return bool(parts.scheme or parts.netloc)


@functools.lru_cache(maxsize=None)  # asked for each link when the manual is indexed and when it is checked
def resolve(page_path: str, url: str) -> str | None:
    """The repository path a relative link points at, or None for an external or in-page link."""
    if is_external(url) or url.startswith("#") or not url:
        return None
    target = url.partition("#")[0].partition("?")[0]  # what urlsplit calls the path, for a relative URL
    if not target:
        return None
    if target.startswith("/"):
        return target
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_path), target))


def unseen(url: str) -> str:
    """A note naming the first space, or space-like or invisible character (a no-break space or a
    zero-width space pasted from Word or an email), in a link's address, or "" when there is none."""
    for ch in url:
        if ch == " ":
            return " (it holds a space: file names and headings' ids have none; use hyphens)"
        if unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cf", "Cc"):
            name = unicodedata.name(ch, "invisible character").lower()
            return f" (it holds a {name}, U+{ord(ch):04X}, that you cannot see: delete the link's address and type it again)"
    return ""


def in_tree(path: str) -> bool:
    return path.split("/", 1)[0] in TREES and not path.startswith("/")


def for_site(page_path: str, url: str) -> str:
    """Rewrite a link from repository terms to site terms; anything else is left as written."""
    target = resolve(page_path, url)
    if target is None or not in_tree(target):
        return url
    parts = urlsplit(url)
    new = relpath(src_uri(target), posixpath.dirname(src_uri(page_path)))
    if url.endswith("/") and not new.endswith("/"):
        new += "/"
    return new + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def site_href(from_path: str, to_path: str, fragment: str = "") -> str:
    """A relative URL between two pages as the built site has them (for HTML we generate ourselves)."""
    from content import page_url

    href = relpath(page_url(to_path).rstrip("/"), page_url(from_path).rstrip("/"))
    href = "./" if href == "." else href + "/"
    return href + (f"#{fragment}" if fragment else "")


def relpath(target: str, start: str) -> str:
    """posixpath.relpath for two normalised paths inside the site ("" is its root), without the work of
    making them absolute first: it is asked for every link of every page."""
    to, here = target.split("/") if target else [], start.split("/") if start else []
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."
