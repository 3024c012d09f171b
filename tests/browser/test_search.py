"""The site's search (Pagefind, widened by assets/llr-search.js), used in Chromium as a reader uses it."""
from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urlsplit

import pytest
import yaml

import content
import searchkit
from browserkit import ROOT, _Quiet

PASS_RATE = 0.95


@pytest.fixture
def search(page, base_url):
    page.goto(base_url)
    searchkit.open_search(page)
    return page


def test_the_query_set_finds_the_right_page_in_the_top_three(search):
    items = searchkit.queries()
    who = {item["who"] for item in items}
    assert len(items) >= 80 and who == {"practitioner", "public"}
    assert min(sum(i["who"] == w for i in items) for w in who) >= 0.4 * len(items), "half from each kind of reader"
    rate, misses = searchkit.hit_rate(search)
    report = "\n".join(f"  {m['who']}: {m['q']!r} -> {m['found']} (wanted {m['expect']})" for m in misses)
    print(f"\nSearch: {rate:.1%} of {len(items)} queries have the right page in the top 3.\n{report}")
    assert rate >= PASS_RATE, f"{rate:.1%} below {PASS_RATE:.0%}:\n{report}"


def test_a_result_shows_title_section_and_excerpt_with_the_words_marked(search):
    searchkit.results(search, "strategy discussion")
    first = search.locator(".llr-search__result").first
    assert first.locator(".llr-search__link").inner_text().strip()
    assert first.locator(".llr-search__section").inner_text().strip() == "Core child protection procedures"
    assert first.locator(".llr-search__excerpt mark").count() >= 1
    assert "result" in search.locator(".llr-search__status").inner_text()


def test_no_results_offers_report_a_concern_and_the_glossary(search):
    assert searchkit.results(search, "qqqzzzxxj") == []
    none = search.locator(".llr-search__none")
    assert none.is_visible()
    hrefs = [urlsplit(h).path for h in none.locator("a").evaluate_all("els => els.map(e => e.href)")]
    assert hrefs == ["/report-a-concern/", "/glossary/"]
    assert "No results" in search.locator(".llr-search__status").inner_text()


@pytest.mark.parametrize("query", ["s47", "s.47", "section 47", "(s47)", "S 47"])
def test_every_way_of_writing_a_section_finds_its_page(search, query):
    assert searchkit.results(search, query)[0] == "/procedures/child-protection/section-47-enquiries/"


@pytest.mark.parametrize("short, long", [("LADO", "local authority designated officer"), ("MARAC", "multi-agency risk assessment conference")])
def test_abbreviations_and_their_expansions_find_each_other(search, short, long):
    assert set(searchkit.results(search, short)[:3]) & set(searchkit.results(search, long)[:3])


def test_an_abbreviation_finds_the_page_the_glossary_links_it_to(search):
    """Even where that page never uses it: the multi-agency safeguarding hub (MASH) is covered by the
    referral procedure, which does not name it (hooks/search.py, `covered`)."""
    glossary = yaml.safe_load((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8"))
    linked = [(str(item["abbr"]), "/" + content.page_url(item["link"])) for item in glossary if item.get("abbr") and item.get("link")]
    misses = [(abbr, url) for abbr, url in linked if url not in searchkit.results(search, abbr)[:3]]
    print(f"\nSearch: {len(linked) - len(misses)} of {len(linked)} abbreviations find their page in the top 3; not: {misses}")
    assert ("MASH", "/procedures/child-protection/making-a-referral/") in linked and ("MASH", "/procedures/child-protection/making-a-referral/") not in misses
    assert len(misses) <= 0.1 * len(linked), misses


def test_pages_not_for_readers_are_never_results(search):
    """Editors' pages, the review schedule, the amendments list and earlier editions are left out."""
    for query in ("review schedule", "front matter", "amendments", "earlier editions threshold", "owner version"):
        for path in searchkit.results(search, query):
            assert not path.startswith(("/editors/", "/amendments/", "/thresholds/archive/")), (query, path)


def test_only_the_content_is_indexed(search):
    """The header bar, the navigation and our metadata blocks are not in the index: what a result's
    page holds, as Pagefind indexed it, starts at the title."""
    contents = search.evaluate("""async () => {
        const pf = await import(new URL('pagefind/pagefind.js', document.baseURI).href);
        const found = await pf.search('strategy');
        return Promise.all(found.results.slice(0, 5).map(async r => (await r.data()).content));
    }""")
    assert contents
    for text in contents:
        for outside in ("Exit this page", "Worried about a child?", "Next review due", "Owner:", "Skip to content",
                        "\u00b6"):  # the headings' permanent links ("In brief\u00b6" in an excerpt)
            assert outside not in text, (outside, text[:200])


def test_search_leaves_nothing_on_the_device_and_nothing_in_addresses(search):
    searchkit.results(search, "domestic abuse")
    search.locator(".llr-search__link").first.click()
    search.wait_for_load_state()
    assert urlsplit(search.url).query == ""
    stored = search.evaluate("Object.keys(localStorage).concat(Object.keys(sessionStorage))")
    assert not [k for k in stored if "search" in k.lower() or "pagefind" in k.lower() or "query" in k.lower()], stored
    assert search.evaluate("caches.keys().then(k => k.length)") == 0
    assert search.context.cookies() == []


def test_a_search_downloads_only_the_parts_of_the_index_its_words_need(page, base_url, site_dir):
    """Pagefind splits the index into chunks by word. A one-word search must not fetch most of them, as it
    did when the boost for the public pages came from a search for no words (two thirds of the index
    before the first result)."""
    chunks = len(list((site_dir / "pagefind" / "index").glob("*.pf_index")))
    assert chunks >= 4, chunks
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith(".pf_index") else None)
    page.goto(base_url)
    searchkit.open_search(page)
    page.fill(".llr-search__input", "strategy")
    page.locator(".llr-search__link").first.wait_for()
    assert 1 <= len(set(fetched)) <= 2, (len(set(fetched)), chunks)


def chunks_fetched(new_context, base_url, queries: list[str], delay: float | None = None) -> tuple[set, list]:
    """The index chunks fetched by searching each query in turn, filled in at once (delay None) or typed a
    key at a time, `delay` ms apart; and the result addresses shown at the end."""
    page = new_context().new_page()
    fetched = set()
    page.on("request", lambda r: fetched.add(urlsplit(r.url).path) if r.url.endswith(".pf_index") else None)
    page.goto(base_url)
    searchkit.open_search(page)
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.endsWith('search-terms.json'))")
    page.wait_for_timeout(300)  # the search terms are read: the script knows a half-typed word when it sees one
    box = page.locator(".llr-search__input")
    for query in queries:
        if delay is None:
            box.fill(query)
        else:
            box.fill("")
            box.press_sequentially(query, delay=delay)
        searchkit.wait_for_results(page, query)
    return fetched, page.eval_on_selector_all(".llr-search__link", "els => els.map(e => e.href)")


@pytest.mark.parametrize("query", ["strategy discussion", "child sexual exploitation", "neglect", "domestic abuse", "referral"])
def test_typing_a_query_fetches_nothing_for_half_typed_words(new_context, base_url, query):
    """Typed a letter at a time with pauses, a half-typed word is searched as the word it completes to
    ("neg" -> "neglect") or not at all, never as the fragment: in a large manual every fragment ("st",
    "str", "stra") lies in an index chunk of its own, downloaded only to be thrown away (at 3,000 pages,
    858 KB before the first result of "strategy discussion"; 456 KB without the fragments). What the
    typing may fetch: the chunks of the query's whole words so far, as the reader passes each."""
    words = query.split()
    passed = [" ".join(words[:n]) for n in range(1, len(words) + 1)]
    allowed, shown = chunks_fetched(new_context, base_url, passed)
    typed, shown_typed = chunks_fetched(new_context, base_url, [query], delay=150)
    assert typed <= allowed, sorted(typed - allowed)
    assert shown_typed == shown


def test_a_half_typed_last_word_finds_what_the_word_finds(search):
    assert searchkit.results(search, "strategy discuss")[:3] == searchkit.results(search, "strategy discussion")[:3]
    assert searchkit.results(search, "negl")[:3] == searchkit.results(search, "neglect")[:3]


def test_a_known_word_with_an_ending_is_not_taken_for_a_misspelling(search, site_dir):
    """"hits", where the manual writes only "hit" and "hitting", is found by its stem as Pagefind finds it,
    not "corrected" to the nearest of the manual's terms. The words are picked from the published
    terms: words of the manual whose plural is one letter from one of its terms and begins none of its words
    (a word being typed is completed instead)."""
    import search as search_module

    terms = __import__("json").loads((site_dir / search_module.TERMS_FILE).read_text(encoding="utf-8"))
    known = set(terms["terms"]) | set(terms["words"])

    def near(a, b):  # one letter changed, added or removed
        if a == b or abs(len(a) - len(b)) > 1:
            return False
        if len(a) == len(b):
            return sum(x != y for x, y in zip(a, b)) == 1
        short, long = sorted((a, b), key=len)
        return any(long[:i] + long[i + 1:] == short for i in range(len(long)))

    picked = [w for w in terms["words"] if 4 <= len(w) <= 7 and w.isalpha() and w[-1] not in "deisy" and w + "s" not in known
              and any(near(w + "s", t) for t in terms["terms"]) and not any(k.startswith(w + "s") for k in known)][:3]
    assert len(picked) == 3
    for word in picked:
        assert searchkit.results(search, word + "s")[:3] == searchkit.results(search, word)[:3], word


def test_the_results_for_the_readers_own_words_show_before_the_other_forms_are_fetched(new_context, base_url):
    """"LADO" is searched with its expansion and the glossary's other words for it. The results for the
    word the reader typed are shown as soon as they are found: here every index chunk the word itself does
    not need fails to download, and the results are still shown, with no error, and no longer busy."""
    page = new_context().new_page()
    page.goto(base_url)
    own = set()
    page.on("request", lambda r: own.add(urlsplit(r.url).path) if r.url.endswith(".pf_index") else None)
    page.evaluate("""async () => { const pagefind = await import("/pagefind/pagefind.js");
                     await pagefind.options({basePath: "/pagefind/"}); await pagefind.search("lado"); }""")
    assert own
    page = new_context().new_page()
    page.route("**/*.pf_index", lambda route: route.continue_() if urlsplit(route.request.url).path in own else route.abort())
    page.goto(base_url)
    searchkit.open_search(page)
    found = searchkit.results(page, "LADO")
    assert found and found[0] == "/procedures/child-protection/allegations-against-staff-lado/", found
    status = page.locator(".llr-search__status").text_content()
    assert "cannot reach" not in status, status
    everything = new_context().new_page()
    everything.goto(base_url)
    searchkit.open_search(everything)
    searchkit.results(everything, "LADO")
    total = lambda text: int(text.split()[0])  # "14 results for ..."
    assert total(everything.locator(".llr-search__status").text_content()) > total(status)  # the other forms find more


# Pagefind's own script, wrapped: each word the page asks it to search is recorded in window.__searched,
# and the search for window.__hold waits until the test calls window.__release() (a slow phone, at will).
WRAPPED_PAGEFIND = """import * as real from "./pagefind.js?real";
export const options = real.options, preload = real.preload, init = real.init;
export async function search(term, options) {
  (window.__searched = window.__searched || []).push(term);
  if (term === window.__hold) await new Promise(function (release) { window.__release = release; });
  return real.search(term, options);
}"""


def held_search(new_context, base_url, word: str):
    page = new_context().new_page()
    page.route(lambda url: url.endswith("/pagefind/pagefind.js"),
               lambda route: route.fulfill(body=WRAPPED_PAGEFIND, content_type="text/javascript"))
    page.add_init_script(f"window.__hold = {word!r}")
    page.goto(base_url)
    searchkit.open_search(page)
    return page


def test_a_word_typed_on_the_way_to_another_is_dropped_not_searched_first(new_context, base_url):
    """On a slow phone the search for one keystroke can still be running at the next. Typing "s47", the
    search for "s4" widens to "section 4"; while "section" is being searched the reader types the 7, and
    "4" (queued, no longer wanted) is never searched ahead of "s47"'s own words."""
    page = held_search(new_context, base_url, "section")
    box = page.locator("#llr-search-input")
    box.press_sequentially("s4")
    page.wait_for_function("() => typeof window.__release === 'function'")
    box.press_sequentially("7")
    page.evaluate("window.__release()")
    searchkit.wait_for_results(page, "s47")
    searched = page.evaluate("window.__searched")
    assert "4" not in searched and "s47" in searched, searched
    assert page.locator(".llr-search__link").first.get_attribute("href").endswith("/section-47-enquiries/")


def test_no_results_is_not_shown_while_other_forms_of_the_words_are_still_searched(new_context, base_url):
    """"kids" is on no page, but the glossary gives it other words ("child", "young people"). While those
    are still being searched, the reader is not told there are no results."""
    page = held_search(new_context, base_url, "child")
    assert page.evaluate("""async () => { const pagefind = await import("/pagefind/pagefind.js?real");
                            await pagefind.options({basePath: "/pagefind/"}); return (await pagefind.search("kids")).results.length; }""") == 0
    page.locator("#llr-search-input").fill("kids")
    page.wait_for_function("() => typeof window.__release === 'function'")
    page.wait_for_timeout(300)
    assert page.locator(".llr-search__none").is_hidden()
    assert "No results" not in page.locator(".llr-search__status").text_content()
    page.evaluate("window.__release()")
    searchkit.wait_for_results(page, "kids")
    assert page.locator(".llr-search__link").count() > 0


def test_when_the_readers_own_word_finds_nothing_the_first_other_form_that_does_is_shown_at_once(new_context, base_url):
    """"kids" is on no page; "child", the glossary's first other word for it, is. Its results are shown
    while the rest of the glossary's words ("teenager", held here as on a slow phone) are still searched."""
    page = held_search(new_context, base_url, "teenager")
    page.locator("#llr-search-input").fill("kids")
    page.wait_for_function("() => typeof window.__release === 'function'")
    page.locator(".llr-search__link").first.wait_for()
    assert page.locator(".llr-search__results").get_attribute("aria-busy") == "true"
    page.evaluate("window.__release()")
    searchkit.wait_for_results(page, "kids")
    assert "teenager" in page.evaluate("window.__searched")


def test_the_public_pages_are_known_to_search_without_asking_the_index(site_dir):
    import search

    terms = __import__("json").loads((site_dir / search.TERMS_FILE).read_text(encoding="utf-8"))
    pages = search.indexed_pages(site_dir, by="id")
    public = {i for i, record in pages.items() if record["filters"].get("audience") == ["public"]}
    assert public and set(terms["public"]) == public
    assert {pages[i]["url"] for i in public} >= {"/report-a-concern/", "/staying-safe-online/"}


def test_results_stay_when_the_connection_drops(search):
    before = searchkit.results(search, "neglect")
    search.context.set_offline(True)
    try:
        searchkit.results(search, "domestic abuse")  # may or may not be cached by the browser: either is fine
    except Exception:
        pass
    assert searchkit.results(search, "neglect") == before  # what the reader found is still there
    search.context.set_offline(False)


def test_search_works_when_the_site_is_served_from_a_sub_path(new_context, site_dir):
    prefix = "/procedures-site/"

    class Prefixed(_Quiet):
        def translate_path(self, path):
            return super().translate_path("/" + path[len(prefix):] if path.startswith(prefix) else "/__missing__")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Prefixed, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = new_context().new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}{prefix}procedures/")
        searchkit.open_search(page)
        found = searchkit.results(page, "LADO")
        assert found and all(p.startswith(prefix) for p in found), found
        assert found[0] == prefix + "procedures/child-protection/allegations-against-staff-lado/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_search_box_is_on_every_page(search, all_pages, base_url):
    for path in all_pages[:: max(1, len(all_pages) // 12)]:
        search.goto(base_url + path)
        assert search.locator(".llr-search__open").is_visible(), path


def test_show_more_adds_the_next_results_and_moves_focus_to_them(search):
    searchkit.results(search, "child")
    links = search.locator(".llr-search__link")
    first_batch = links.count()
    assert 0 < first_batch < 10
    search.locator(".llr-search__more").click()
    search.wait_for_function("n => document.querySelectorAll('.llr-search__link').length > n", arg=first_batch)
    assert search.evaluate("document.activeElement.className") == "llr-search__link"
    assert search.evaluate("[...document.querySelectorAll('.llr-search__link')].indexOf(document.activeElement)") == first_batch
