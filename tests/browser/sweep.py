"""One pass over every page of the built site, in each browser configuration, collecting everything the
per-page checks need: axe-core's WCAG and best-practice violations, where the safety bar is, sideways
scrolling, small text, small touch targets, navigation entries covered by something else, what broke the
Content-Security-Policy (the server sends the site's own headers, hooks/headers.py), every request, and
what the visit left on the device (cookies, local and session storage, Cache Storage).

Visiting each page once per configuration (instead of once per check) keeps the browser tests within a
few minutes. The configurations run side by side (Playwright's async API, one browser), in a thread
of their own so they do not meet the synchronous Playwright the other tests use.

`make a11y-report` uses the same pass (tests/browser/a11y_report.py), so the published result and the
test are the same measurement.
"""
from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
# WCAG 2.0, 2.1 and 2.2, levels A and AA: every rule axe-core has for them; and its best practices
# (landmarks, unique labels, names for dialogs), which go beyond the minimum.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 320, "height": 640}
# name: (viewport, colour scheme, description for the accessibility statement)
CONFIGS = {
    "desktop-light": (DESKTOP, "light", "light colours, desktop width (1280 pixels)"),
    "desktop-dark": (DESKTOP, "dark", "dark colours, desktop width (1280 pixels)"),
    "mobile-light": (MOBILE, "light", "light colours, small mobile phone width (320 pixels)"),
    "mobile-dark": (MOBILE, "dark", "dark colours, small mobile phone width (320 pixels)"),
}
# How many pages of one configuration are open at once (the configurations also run side by side).
PARALLEL = 2

# Layout checks, run in the page. Each returns a list of short descriptions of what fails.
LAYOUT_JS = r"""
() => {
  const W = innerWidth;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return false;  // visually hidden (screen-reader-only) text
    return el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  };
  const describe = (el) => {
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  };
  // Inside a box that scrolls or clips sideways (a wide table's own box, the closed drawer)?
  const inOwnBox = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== 'visible' || s.position === 'fixed') return true;
    }
    return false;
  };

  const sideways = [];
  const scrolling = document.scrollingElement.scrollWidth;
  if (scrolling > W) sideways.push('page scrolls sideways: ' + scrolling + 'px wide');
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > W + 1 && visible(el) && !inOwnBox(el)) sideways.push(describe(el) + ' reaches ' + Math.round(r.right) + 'px');
  }

  const smallText = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || !visible(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 15.95) smallText.push(describe(el) + ' ' + size + 'px');
  }

  const TARGETS = 'a[href], button, input:not([type=hidden]), select, textarea, summary, label[for], [role=button], [tabindex]:not([tabindex="-1"])';
  const targets = [...document.querySelectorAll(TARGETS)].filter(visible).filter((el) => {
    // Controls Material hides off screen until they are needed (the closed drawer, the search) are
    // not on screen to touch.
    const r = el.getBoundingClientRect();
    return r.right > 0 && r.left < W && r.bottom > 0 && r.top < innerHeight * 50;
  });
  const rects = targets.map((el) => el.getBoundingClientRect());
  const small = [];
  targets.forEach((el, i) => {
    const r = rects[i];
    if (r.width >= 23.5 && r.height >= 23.5) return;
    // WCAG 2.5.8 exceptions: a link inside a sentence (inline, in a block with other text) ...
    const style = getComputedStyle(el);
    if (style.display === 'inline') {
      let block = el.parentElement;
      while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
      if (block && block.textContent.trim().length > el.textContent.trim().length) return;
    }
    // ... or spacing: a 24px circle on its centre touches no other target.
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const clash = rects.some((o, j) => {
      if (j === i || targets[j].contains(el) || el.contains(targets[j])) return false;
      const dx = Math.max(o.left - cx, 0, cx - o.right), dy = Math.max(o.top - cy, 0, cy - o.bottom);
      return Math.hypot(dx, dy) < 12;
    });
    if (clash) small.push(describe(el) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
  });

  // Navigation entries that something else covers (a sticky title): the point at the centre of each
  // entry on screen must be the entry itself. Entries scrolled out of their sidebar's box are not on
  // screen.
  const navCovered = [];
  for (const a of document.querySelectorAll('.md-sidebar .md-nav__link')) {
    if (!visible(a)) continue;
    const r = a.getBoundingClientRect();
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const wrap = a.closest('.md-sidebar__scrollwrap');
    const w = wrap ? wrap.getBoundingClientRect() : {top: 0, bottom: innerHeight};
    if (cy < Math.max(0, w.top) || cy >= Math.min(innerHeight, w.bottom) || cx < 0 || cx >= W) continue;
    const top = document.elementFromPoint(cx, cy);
    if (!top || !(top === a || a.contains(top))) navCovered.push(describe(a) + ' covered by ' + (top ? describe(top) : 'nothing'));
  }

  const box = (sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height};
  };
  return {sideways, smallText, smallTargets: small, navCovered, exitBox: box('a#llr-exit'), helpBox: box('a.llr-bar__help')};
}
"""


# A layout shift a reader would not notice (Lighthouse calls 0.1 good); the palette toggle sliding along
# when the search button appears is 0.001.
SHIFT_ALLOWED = 0.01

# Content-Security-Policy violations, as the page reports them; script errors are collected beside them.
LISTEN = r"""
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || ''}:${e.lineNumber}`));
// Layout shifts while the page loads (what Lighthouse calls CLS), with the elements that moved.
window.__shift = {value: 0, moved: []};
new PerformanceObserver(list => list.getEntries().forEach(e => {
  if (e.hadRecentInput) return;
  window.__shift.value += e.value;
  e.sources.forEach(s => s.node && window.__shift.moved.push(
    `${s.node.nodeName.toLowerCase()}${s.node.className ? '.' + String(s.node.className).trim().split(/\s+/).join('.') : ''}`));
})).observe({type: 'layout-shift', buffered: true});
"""


async def _visit(page, url: str, mobile: bool) -> dict:
    page.problems = []
    await page.goto(url, wait_until="load")
    problems = await page.evaluate("window.__violations") + page.problems
    axe = await page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    layout = await page.evaluate(LAYOUT_JS)
    shift = await page.evaluate("window.__shift")
    if not mobile:  # text size, targets and sideways scrolling are the mobile checks; the sidebars, desktop
        layout = {k: v for k, v in layout.items() if k in ("exitBox", "helpBox", "navCovered")}
    else:
        layout.pop("navCovered")
    return {
        "violations": [
            {"id": v["id"], "impact": v.get("impact"), "help": v["help"], "nodes": [", ".join(map(str, n["target"])) for n in v["nodes"]]}
            for v in axe["violations"]
        ],
        **layout,
        "problems": problems,
        "shift": shift if shift["value"] > SHIFT_ALLOWED else None,
    }


async def _config(browser, base_url: str, pages: list[str], viewport: dict, scheme: str) -> dict:
    context = await browser.new_context(viewport=viewport, color_scheme=scheme, service_workers="block")
    await context.add_init_script(AXE_SCRIPT)
    await context.add_init_script(LISTEN)
    requests: list[str] = []
    foreign: list[str] = []

    async def route(r):
        requests.append(r.request.url)
        if urlsplit(r.request.url).hostname == "127.0.0.1":
            await r.continue_()
        else:
            foreign.append(r.request.url)
            await r.abort()

    await context.route("**/*", route)
    results: dict[str, dict] = {}
    queue = list(pages)

    async def worker():
        page = await context.new_page()
        page.problems = []
        page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.problems.append(str(e)))
        while queue:
            path = queue.pop(0)
            results[path] = await _visit(page, base_url + path, viewport["width"] < 600)
        await page.close()

    await asyncio.gather(*(worker() for _ in range(PARALLEL)))
    page = await context.new_page()
    await page.goto(base_url)
    storage = await page.evaluate("async () => [Object.keys(localStorage), Object.keys(sessionStorage), await caches.keys()]")
    cookies = await context.cookies()
    await context.close()
    return {
        "pages": {p: results[p] for p in pages},
        "requests": requests,
        "foreign": foreign,
        "cookies": cookies,
        "local_storage": sorted(storage[0]),
        "session_storage": sorted(storage[1]),
        "cache_storage": sorted(storage[2]),
    }


async def _sweep(chromium: str, args: list[str], base_url: str, pages: list[str], configs: list[str]) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, headless=True, args=args)
        try:
            done = await asyncio.gather(*(_config(browser, base_url, pages, CONFIGS[c][0], CONFIGS[c][1]) for c in configs))
        finally:
            await browser.close()
    return dict(zip(configs, done))


def sweep(chromium: str, args: list[str], base_url: str, pages: list[str], configs: list[str] = list(CONFIGS)) -> dict:
    """{configuration: {"pages": {path: checks}, "requests", "foreign", "cookies", "local_storage", ...}}"""
    out: dict = {}
    errors: list[BaseException] = []

    def run():
        try:
            out.update(asyncio.run(_sweep(chromium, args, base_url, pages, configs)))
        except BaseException as e:  # handed to the caller's thread
            errors.append(e)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return out


def axe_version() -> str:
    head = AXE_SCRIPT[:200]
    return head.split("axe v", 1)[1].split()[0] if "axe v" in head else "unknown"


def summary(results: dict, pages: list[str], today: str) -> dict:
    """The measured result, as data/accessibility-results.json holds it (hooks/a11y.py renders it)."""
    violations: dict[str, dict] = {}
    for config, data in results.items():
        for path, page in data["pages"].items():
            for v in page["violations"]:
                entry = violations.setdefault(v["id"], {"help": v["help"], "impact": v["impact"], "pages": set()})
                entry["pages"].add(path or "/")
    return {
        "date": today,
        "tool": f"axe-core {axe_version()}",
        "browser": "Chromium",
        "standard": "WCAG 2.2 level AA (axe-core rules tagged " + ", ".join(AXE_TAGS) + ")",
        "pages": len(pages),
        "configurations": [CONFIGS[c][2] for c in results],
        "checks": len(pages) * len(results),
        "violations": {k: {**v, "pages": sorted(v["pages"])} for k, v in sorted(violations.items())},
    }
