"""The threshold document as one PDF, for printing and multi-agency training.

Made after the build from the pages the build has just written (so from the same Markdown, with the same
includes, contacts and glossary), in navigation order, with a cover giving the version and date. The
tool is WeasyPrint (pip `weasyprint`, which needs Debian's Pango: libpango-1.0-0 libpangoft2-1.0-0).
Without it `make build` stops with a message saying what to install, and `make serve` carries on with a
warning. The PDF goes to site/thresholds/llr-threshold-document.pdf; every page of the threshold
document links to it (docs/overrides/main.html).

The HTML of the combined document is built by pure functions (`combine`), testable without WeasyPrint.
"""
from __future__ import annotations

import hashlib
import logging
import posixpath
import re
import tempfile
from html import escape
from pathlib import Path

import content
import dates
import nav

log = logging.getLogger("mkdocs.hooks.llr.pdf")

PDF_NAME = "llr-threshold-document.pdf"
PDF_PATH = f"thresholds/{PDF_NAME}"
INDEX = "thresholds/index.md"
OLD = ("superseded", "retired")  # earlier editions stay on the site but are not in the PDF
INSTALL = (
    "the threshold document PDF needs WeasyPrint: run `make` again (requirements.txt has weasyprint) and "
    "install Debian's Pango with `apt-get install libpango-1.0-0 libpangoft2-1.0-0`"
)
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
DROP = [
    re.compile(r'<div class="llr-print-note">.*?</div>', re.S),
    re.compile(r'<p class="llr-pdf-link">.*?</p>', re.S),
    re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S),
    re.compile(r'<nav class="llr-links [^"]*"[^>]*>.*?</nav>', re.S),  # "Related", "Referenced by": web navigation
    # A diagram's phone picture and full-size link (hooks/diagrams.py): on paper, the main picture.
    re.compile(r'<div class="llr-diagram__picture llr-diagram__picture--narrow">.*?</svg></div>', re.S),
    re.compile(r'<p class="llr-diagram__full">.*?</p>', re.S),
]

CSS = """
@page { size: A4; margin: 20mm 18mm 22mm;
  @bottom-left { content: string(doc-title) " \\2014  version " string(doc-version); font-size: 8pt; color: #444; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #444; } }
@page cover { @bottom-left { content: none; } @bottom-right { content: none; } }
html { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.45; color: #111; }
.cover { page: cover; break-after: page; padding-top: 50mm; }
.cover h1 { font-size: 26pt; margin: 0 0 8mm; string-set: doc-title content(); }
.cover .version { string-set: doc-version content(); }
.cover p { font-size: 12pt; margin: 2mm 0; }
.cover .note { margin-top: 20mm; font-size: 10pt; color: #333; }
.contents { break-after: page; }
.contents ol { list-style: none; padding: 0; }
.contents li a { color: #111; text-decoration: none; }
.contents li a::after { content: leader(".") target-counter(attr(href), page); }
section.page { break-before: page; }
h1 { font-size: 18pt; } h2 { font-size: 14pt; margin-top: 8mm; } h3 { font-size: 12pt; }
h1, h2, h3, h4, h5, h6 { break-after: avoid; break-inside: avoid; }
.mermaid, svg, figure, img, .llr-contact, .llr-council, .llr-urgent { break-inside: avoid; }
.llr-meta > summary { display: none; }
.cover .address { font-weight: bold; }
a { color: #1a3a8f; }
table { border-collapse: collapse; width: 100%; margin: 3mm 0; font-size: 9.5pt; }
th, td { border: 1px solid #888; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
th { background: #eee; }
tr { break-inside: avoid; }
.admonition, details { border: 1px solid #888; border-left: 4px solid #3f51b5; padding: 1mm 3mm; margin: 3mm 0; break-inside: avoid; }
.admonition-title, summary { font-weight: bold; }
.llr-meta { color: #333; font-size: 9pt; }
.llr-links { font-size: 9.5pt; }
abbr { text-decoration: none; }
.llr-diagram { margin: 4mm 0; }
.llr-diagram__picture { break-inside: avoid; margin: 0 0 3mm; }
.llr-diagram__picture svg { display: block; max-width: 100%; max-height: 230mm; height: auto; margin: 0 auto; }
.llr-diagram__words { font-weight: bold; break-after: avoid; }
.llr-diagram__steps li { break-inside: avoid; }
"""


def current_edition(manual: content.Manual) -> list:
    """The threshold document's pages in navigation order, without superseded or withdrawn editions."""
    tree = nav.build(manual, include=lambda d: d.path.startswith("thresholds/") and d.meta.get("status") not in OLD)
    uris: list[str] = []

    def walk(items):
        for item in items:
            for value in item.values():
                walk(value) if isinstance(value, list) else uris.append(value)

    walk(tree)
    by_uri = {content.src_uri(d.path): d for d in manual.documents}
    return [by_uri[u] for u in uris if u in by_uri]


def _slug(url: str) -> str:
    return "p-" + (url.strip("/").replace("/", "-") or "home")


def _rewrite(article: str, url: str, in_pdf: set[str], site_url: str) -> str:
    """Make one page's HTML fit the combined document: ids unique per page, links between its pages
    internal, other links to the site absolute (or plain text when the site's address is not set)."""
    slug = _slug(url)
    for pattern in DROP:
        article = pattern.sub("", article)
    article = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{slug}--{m.group(1)}"', article)

    def link(m):
        href = m.group(1)
        if re.match(r"^[a-z][a-z0-9+.-]*:", href):  # http:, mailto:, tel:
            return m.group(0)
        path, _, fragment = href.partition("#")
        if path:
            joined = posixpath.normpath(posixpath.join(url, path))
            target = "" if joined == "." else joined + ("/" if path.endswith("/") else "")
        else:
            target = url
        if target in in_pdf:
            return f'href="#{_slug(target)}{"--" + fragment if fragment else ""}"'
        if site_url:
            return f'href="{escape(site_url.rstrip("/") + "/" + target + ("#" + fragment if fragment else ""))}"'
        return 'data-href-removed=""'

    return re.sub(r'href="([^"]*)"', link, article)


def combine(manual: content.Manual, site_dir: Path, site_url: str = "", today=None) -> str:
    """The whole threshold document as one HTML document: cover, contents, then every page."""
    docs = current_edition(manual)
    urls = [content.page_url(d.path) for d in docs]
    in_pdf = set(urls)
    index = manual.by_path.get(INDEX) or (docs[0] if docs else None)
    meta = index.meta if index else {}
    when = meta.get("effective_from") or meta.get("last_reviewed")
    when_label = "In force from" if meta.get("effective_from") else "Last reviewed"
    status = {"draft": "Draft: not yet approved", "approved": "Approved"}.get(meta.get("status"), str(meta.get("status", "")))
    # The address of the online version; without site_url (a local build) its path on the website.
    where = (site_url.rstrip("/") + "/thresholds/") if site_url else "/thresholds/ on the procedures website"
    made = dates.uk(today or dates.today())
    parts = [
        '<section class="cover">',
        f"<h1>{escape(str(meta.get('title', 'Threshold document')))}</h1>",
        "<p>Leicester, Leicestershire and Rutland safeguarding children partnerships</p>",
        f'<p>Version <span class="version">{escape(str(meta.get("version", "")))}</span></p>',
        f"<p>{when_label} {dates.uk(when)}</p>" if when else "",
        f"<p>Status: {escape(status)}</p>",
        f"<p>Owner: {escape(str(meta.get('owner', '')))}</p>",
        f'<p class="online">Online version: <span class="address">{escape(where)}</span></p>',
        f"<p>Made from the online version on {made}</p>",
        '<p class="note">Printed copies may be out of date: check the online version before you rely on this one.</p>',
        "</section>",
        '<nav class="contents"><h2>Contents</h2><ol>',
        *(f'<li><a href="#{_slug(u)}">{escape(str(d.meta.get("title", u)))}</a></li>' for d, u in zip(docs, urls)),
        "</ol></nav>",
    ]
    for doc, url in zip(docs, urls):
        html_file = site_dir / url / "index.html"
        found = ARTICLE.search(html_file.read_text(encoding="utf-8")) if html_file.is_file() else None
        if found:
            parts.append(f'<section class="page" id="{_slug(url)}">{_rewrite(found.group(1), url, in_pdf, site_url)}</section>')
    title = escape(str(meta.get("title", "Threshold document")))
    return f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title><style>{CSS}</style></head><body>{"".join(parts)}</body></html>'


def write(html: str, out: Path) -> None:
    """Render with WeasyPrint (a tagged PDF for screen readers), reusing the last PDF of the same HTML so
    that `make serve` does not re-render it on every save."""
    import weasyprint  # imported here: the site builds its pages without it

    cache = Path(tempfile.gettempdir()) / "llr-threshold-pdf" / (hashlib.sha256(html.encode()).hexdigest() + ".pdf")
    if not cache.is_file():
        cache.parent.mkdir(parents=True, exist_ok=True)
        weasyprint.HTML(string=html, base_url=str(out.parent)).write_pdf(cache, pdf_variant="pdf/ua-1")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(cache.read_bytes())


def available() -> str | None:
    """None when WeasyPrint can run here, else why not."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as e:  # OSError: Pango's libraries are missing
        return f"{INSTALL} ({e.__class__.__name__}: {str(e).splitlines()[0] if str(e) else ''})"
    return None


def on_post_build(config, manual: content.Manual, command: str) -> None:
    """Called by hooks/site.py after the build. Stops `build` when the PDF cannot be made; `serve` warns."""
    from mkdocs.exceptions import PluginError

    if not current_edition(manual):
        return  # a site without a threshold document (the tests' tiny fixture sites)
    problem = available()
    if problem:
        if command == "serve":
            log.warning(f"Not making {PDF_PATH}: {problem}.")
            return
        raise PluginError(f"Could not make {PDF_PATH}: {problem}.")
    site_dir = Path(config.site_dir)
    write(combine(manual, site_dir, config.site_url or ""), site_dir / PDF_PATH)
