/*
 * The site search: a dialog in the header over the Pagefind index (hooks/search.py).
 *
 * Pagefind is loaded only when the reader opens the search, so it never delays a page. It downloads
 * only the parts of the index a query needs. It knows no synonyms and finds only pages holding every
 * word, so each query is widened here, from search-terms.json (made from data/glossary.yml and the
 * manual's titles and headings):
 *   - abbreviations and their expansions, both ways (LADO <-> local authority designated officer);
 *   - section numbers in any form ("s.47", "section 47", "(s47)") as both "s47" and "section 47";
 *   - the query without its small words ("who do I call" -> "call"), and each word alone, so the best
 *     partial matches rank instead of nothing;
 *   - a misspelt word replaced by the nearest of the manual's own terms ("neglet" -> "neglect");
 *   - a last word still being typed completed to a word the manual uses ("negl" -> "neglect").
 * Pagefind is asked for one word at a time, each word once for this page; the forms of several words and
 * the whole query are scored from their words' answers, and the scores are added up, the reader's own
 * words counting most. The results for the reader's own words show first; the other forms follow.
 *
 * While a word is half typed the search waits a little longer (PAUSE), and then searches for the word it
 * completes to, never for the fragment: Pagefind's index comes in chunks of neighbouring words, and in a
 * large manual each fragment ("st", "str", "stra") lies in a chunk of its own, which a reader would
 * download only to throw away.
 *
 * Nothing is stored: no query history, no storage, no cookies, and no search words in any address.
 * Results already found are kept in memory for this page, so they stay when the connection drops.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-llr-search]");
  if (!root || !("fetch" in window)) return;
  root.hidden = false;

  var base = new URL((root.getAttribute("data-base") || ".").replace(/\/?$/, "/"), location.href);
  var opener = root.querySelector(".llr-search__open");
  var dialog = root.querySelector(".llr-search__dialog");
  var input = root.querySelector(".llr-search__input");
  var closer = root.querySelector(".llr-search__close");
  var status = root.querySelector(".llr-search__status");
  var list = root.querySelector(".llr-search__results");
  var none = root.querySelector(".llr-search__none");

  var WAIT = 80;  // ms after the last keystroke before searching
  var PAUSE = 400;  // ... when the last word is half typed (the start of a word the manual uses, not a word)
  var SHOWN = 6;  // results shown at a time, each with its excerpt (fetched for these only); "Show more" adds more
  // Pagefind's ranking: term frequency counts for half its default, so a page that uses a word once in
  // its title or a heading is not outranked by one that repeats it (measured on tests/search_queries.yml).
  var RANKING = { termFrequency: 0.5 };
  // The pages written for the public (`audience: public`; their ids are in search-terms.json) score
  // PUBLIC_BOOST times: a member of the public's words ("report abuse", "who do I call") should find the
  // pages written for them before the procedures that use the same words.
  var PUBLIC_BOOST = 2;
  var SMALL = {};
  ("a about after all am an and any are as at be been before being but by can could did do does doing for from " +
   "get got had has have he her here him his how i if in into is it its me my no not of on or our out she should " +
   "so some than that the their them then there these they this those to too up us was we were what when where " +
   "which while who whom why will with would you your yours").split(" ").forEach(function (w) { SMALL[w] = true; });

  var engine = null;
  function load() {
    if (!engine) {
      engine = Promise.all([
        import(new URL("pagefind/pagefind.js", base).href).then(function (pagefind) {
          return pagefind.options({ basePath: new URL("pagefind/", base).pathname, baseUrl: base.pathname, excerptLength: 22, ranking: RANKING,
            noWorker: !!window.__llrSearchOnMainThread })  // set by `make bench`, to throttle all of the work
            .then(function () { return pagefind; });
        }),
        fetch(new URL("search-terms.json", base).href).then(function (r) { return r.json(); })
      ]).then(function (both) { known = prepare(both[1]); return { pagefind: both[0], terms: known }; });
      engine.catch(function () { engine = null; });  // offline on first use: try again next time
    }
    return engine;
  }

  function prepare(terms) {
    var known = {};
    terms.terms.concat(terms.words).forEach(function (w) { known[w] = true; });
    var pub = {};
    (terms.public || []).forEach(function (id) { pub[id] = true; });
    return { groups: terms.groups, known: known, terms: terms.terms, words: terms.words, public: pub, pages: terms.pages || 1 };
  }

  /* ---- A word still being typed ---- */

  function startingWith(prefix, sorted) {  // the words of a sorted list that start with prefix
    var lo = 0, hi = sorted.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (sorted[mid] < prefix) lo = mid + 1; else hi = mid; }
    var found = [];
    for (var i = lo; i < sorted.length && sorted[i].lastIndexOf(prefix, 0) === 0; i++) found.push(sorted[i]);
    return found;
  }

  function shortest(words) {
    return words.reduce(function (a, b) { return !a || b.length < a.length ? b : a; }, null);
  }

  /* The word a half-typed word most likely becomes: the shortest of the manual's own terms starting with
   * it, else the shortest other word of the manual. Null for a whole word, a number, or no such word. */
  function completes(word, terms) {
    if (terms.known[word] || /\d/.test(word)) return null;
    return shortest(startingWith(word, terms.terms)) || shortest(startingWith(word, terms.words));
  }

  /* Whether the reader is probably in the middle of a word: the box ends in a letter that begins, but
   * does not end, a word the manual uses; or it holds only small words ("who do") so far. */
  function halfTyped(value, terms) {
    if (/\s$/.test(value)) return false;
    var tokens = normalise(value).split(" ").filter(Boolean), last = tokens[tokens.length - 1];
    if (!last || !contentWords(tokens.join(" ")).length) return !!last;
    return completes(last, terms) !== null;
  }

  /* ---- Widening a query ---- */

  function normalise(q) {
    return q.toLowerCase()
      .replace(/['\u2018\u2019]/g, "")  // children's -> childrens, as the index has it
      .replace(/\b(?:s|sec|section)\s*\.?\s*(\d{1,3}[a-z]?)\b/g, " s$1 ")  // s.47, section 47, s 47 -> s47
      .replace(/[^\w ]+/g, " ")  // hyphens and brackets too: "asylum-seeking" as the index has its parts
      .replace(/\s+/g, " ").trim();
  }

  function contentWords(q) {
    return q.split(" ").filter(function (w) { return w && !SMALL[w]; });
  }

  function edits(a, b, limit) {  // Damerau-Levenshtein distance, giving up past `limit`
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var d = [], i, j;
    for (i = 0; i <= a.length; i++) { d[i] = [i]; }
    for (j = 0; j <= b.length; j++) { d[0][j] = j; }
    for (i = 1; i <= a.length; i++) {
      var best = limit + 1;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        best = Math.min(best, d[i][j]);
      }
      if (best > limit) return limit + 1;
    }
    return d[a.length][b.length];
  }

  /* Whether a word is a known word with an ending ("hits" when the manual has "hit", "worryed" when it has
   * "worry"): Pagefind finds it by its stem, so it is not misspelt. */
  var ENDINGS = ["s", "es", "d", "ed", "ing"];
  function inflected(word, terms) {
    return ENDINGS.some(function (e) {
      var root = word.slice(0, -e.length);
      return root.length >= 3 && word.slice(-e.length) === e && terms.known[root];
    });
  }

  function corrected(word, terms) {
    if (word.length < 4 || terms.known[word] || /\d/.test(word) || inflected(word, terms)) return null;
    var limit = word.length < 7 ? 1 : 2, found = null, distance = limit + 1;
    for (var i = 0; i < terms.terms.length; i++) {
      var w = terms.terms[i];
      if (w[0] !== word[0] && w[1] !== word[1]) continue;  // nearly every misspelling keeps one of the first two letters
      var e = edits(word, w, Math.min(limit, distance));
      if (e < distance || (e === distance && found && w.length === word.length && found.length !== word.length)) { found = w; distance = e; }
    }
    return distance <= limit && found !== word ? found : null;
  }

  /* A query as concepts (a half-typed last word first completed, or dropped while under 3 letters):
   * each glossary phrase in it (the longest first) with the other words for the
   * same thing; each other word with its spelling correction; a section number as "s47" and "section
   * 47". Small words are dropped (Pagefind matches the start of words, so "i" or "a" would match
   * nearly every page) unless they are all there is. A misspelt word counts for little, its corrected
   * form fully. An abbreviation of one or two letters is never searched for (it would match the start
   * of too many words). */
  function concepts(raw, terms) {
    var tokens = normalise(raw).split(" ").filter(Boolean);
    var found = [], i = 0;
    if (!contentWords(tokens.join(" ")).length) return [[{ text: tokens.join(" "), weight: 1 }]];
    var last = tokens.length - 1, rest = contentWords(tokens.slice(0, last).join(" ")).length > 0;
    if (halfTyped(raw, terms)) {  // the last word as the word it completes to, or left out while too short
      var whole = tokens[last].length >= 3 ? completes(tokens[last], terms) : null;
      if (whole) tokens[last] = whole;
      else if (tokens[last].length < 3 && rest) tokens.pop();
    }
    while (i < tokens.length) {
      var match = null;
      for (var n = Math.min(5, tokens.length - i); n >= 1 && !match; n--) {
        var phrase = tokens.slice(i, i + n).join(" ");
        for (var g = 0; g < terms.groups.length && !match; g++) {
          if (terms.groups[g].indexOf(phrase) >= 0) match = { n: n, phrase: phrase, group: terms.groups[g] };
        }
      }
      if (match) {
        var alternatives = [{ text: match.phrase, weight: 1 }];
        match.group.forEach(function (other) {
          if (other !== match.phrase && other.length > 2) alternatives.push({ text: other, weight: 0.9 });
        });
        found.push(alternatives);
        i += match.n;
        continue;
      }
      var word = tokens[i++];
      if (SMALL[word]) continue;
      var fixed = corrected(word, terms);
      var section = /^s(\d{1,3}[a-z]?)$/.exec(word);
      found.push(fixed ? [{ text: word, weight: 0.4 }, { text: fixed, weight: 1 }]
        : section ? [{ text: word, weight: 1 }, { text: "section " + section[1], weight: 1 }]
        : [{ text: word, weight: 1 }]);
    }
    return found;
  }

  /* ---- Searching ---- */

  /* Each word is searched once and its answer kept for this page. At 3,000 pages a search for a word found
   * on every page takes about half a second on a phone, so a word searched at an earlier keystroke, or
   * for another form of the query, is not searched again. Pagefind searches one word at a time, and only
   * words the query in the box still needs (`wanted`): a word queued for an earlier keystroke ("4" of
   * "s4", typed on the way to "s47") is dropped, not searched ahead of the reader's last words. Each
   * word's part of the index starts downloading as soon as it is queued, beside the others'. */
  var answers = {};  // a word -> its pages' scores, Pagefind's results by page, and how many pages hold it
  var queue = [], searching = false, wanted = {};
  function answer(e, word) {
    if (!answers[word]) {
      answers[word] = new Promise(function (resolve, reject) { queue.push({ word: word, resolve: resolve, reject: reject }); });
      answers[word].catch(function () { delete answers[word]; });  // offline, or dropped: try again next time
      e.pagefind.preload(word).catch(function () {});
      searchNext(e);
    }
    return answers[word];
  }

  function searchNext(e) {
    var task;
    if (searching) return;
    while ((task = queue.shift()) && !wanted[task.word]) task.reject(new Error("no longer wanted"));
    if (!task) return;
    searching = true;
    e.pagefind.search(task.word).then(function (found) {
      var scores = {}, results = {};
      ((found && found.results) || []).forEach(function (r) { scores[r.id] = r.score || 0; results[r.id] = r; });
      return { scores: scores, results: results, count: (found && found.unfilteredResultCount) || 0 };
    }).then(task.resolve, task.reject).then(function () { searching = false; searchNext(e); });
  }

  function want(parts) {  // the words of the query now in the box
    wanted = {};
    parts.forEach(function (alternatives) {
      alternatives.forEach(function (a) { a.text.split(" ").forEach(function (w) { wanted[w] = true; }); });
    });
  }

  function own(alternatives) {  // a concept's first form: the reader's own words, or their correction
    return alternatives.reduce(function (a, b) { return b.weight > a.weight ? b : a; });
  }

  /* The score Pagefind gives a page for several words searched together, from their scores searched one
   * by one. Its score for a word is the word's BM25 score, plus TITLE times the word's IDF when the page's
   * title holds it; for several words, it adds the BM25 scores, and the title's IDF scaled by the square of
   * the share of the query's IDF the title holds (Pagefind 1.5, pagefind_web/src/search.rs). A word's
   * BM25 score stays under TITLE times its IDF (at most 2.4 x 1.8 with our ranking), so a score that
   * reaches it holds the title's part; only a page whose section name holds the word as well (weight 1)
   * can be misread; and Pagefind counts a hyphenated word holding two of the query's words ("child-led")
   * a little differently. Measured on the real manual: Pagefind's own scores, or within 5% of them. */
  var TITLE = 5;
  function together(found, id, pages) {
    var base = 0, title = 0, all = 0;
    found.forEach(function (a) {
      var n = Math.max(pages, a.count), idf = Math.log((n - a.count + 0.5) / (a.count + 0.5) + 1), s = a.scores[id];
      all += idf;
      if (s >= TITLE * idf) { base += s - TITLE * idf; title += idf; } else base += s;
    });
    return base + (all ? TITLE * title * (title / all) * (title / all) : 0);
  }

  var memory = {};  // a query's concepts -> their ranking, for this page only

  /* The pages for a query's concepts, best first. A page scores, for each concept, its best form's score;
   * a page holding the whole query (each concept's first form, in the reader's own words or corrected)
   * scores those forms' scores again, so that pages holding all the query's ideas come first, then those
   * holding most of them. A form the index does not know is left out of the whole, as Pagefind leaves
   * out such a word. Queries with the same concepts ("strategy", and "strategy d" while the "d" is half
   * typed) share one ranking, even while it is still being worked out. */
  function ranking(e, parts) {
    var key = JSON.stringify(parts);
    if (!memory[key]) {
      var texts = [], words = [];
      parts.forEach(function (alternatives) { alternatives.forEach(function (a) { texts.push(a.text); }); });
      texts.join(" ").split(" ").forEach(function (w) { if (words.indexOf(w) < 0) words.push(w); });
      memory[key] = Promise.all(words.map(function (w) { return answer(e, w); })).then(function (found) {
        var by = {}, byId = {}, pub = e.terms.public, scores = {}, of = {};
        words.forEach(function (w, k) {
          by[w] = found[k];
          Object.keys(found[k].results).forEach(function (id) { byId[id] = byId[id] || found[k].results[id]; });
        });
        texts.forEach(function (t) {  // a form's score on each page holding it, as Pagefind would give it
          var known = t.split(" ").filter(function (w) { return by[w].count; }).map(function (w) { return by[w]; });
          of[t] = {};
          if (known.length) Object.keys(known[0].scores).forEach(function (id) {
            if (known.every(function (a) { return a.scores[id]; })) of[t][id] = together(known, id, e.terms.pages);
          });
        });
        var whole = parts.length < 2 ? [] : parts.map(function (alternatives) { return own(alternatives).text; })
          .filter(function (t) { return Object.keys(of[t]).length; });
        Object.keys(byId).forEach(function (id) {
          var total = whole.every(function (t) { return of[t][id]; }) ? whole.reduce(function (sum, t) { return sum + of[t][id]; }, 0) : 0;
          parts.forEach(function (alternatives) {
            total += Math.max.apply(null, alternatives.map(function (a) { return a.weight * (of[a.text][id] || 0); }));
          });
          scores[id] = total * (pub[id] ? PUBLIC_BOOST : 1);
        });
        return Object.keys(byId).sort(function (a, b) { return scores[b] - scores[a] || (a < b ? -1 : 1); })
          .map(function (id) { return byId[id]; });
      });
      memory[key].catch(function () { delete memory[key]; });  // offline: try again next time
    }
    return memory[key];
  }

  /* The best results for a query. Each result's text (its excerpt) is fetched only while the query is
   * still the one in the box (`current`), so a reader typing fast does not download the excerpts of every
   * half-typed word. Pagefind keeps the excerpts it has fetched, so results seen stay when offline.
   * With `early`, the results for each concept's first form (the reader's own words, or their correction)
   * are given to it first, as soon as they are found; the other forms (an abbreviation's expansion, the
   * glossary's other words) are searched after them. If the reader's own words find nothing, the other
   * forms are added one at a time, and the first results any of them finds are given at once. A search
   * for a word found on every page takes about half a second on a phone at 3,000 pages, and on a slow
   * connection each form is a download. */
  function search(raw, current, early) {
    return load().then(function (e) {
      var parts = concepts(raw, e.terms);
      want(parts);
      var stage = function (n) {  // each concept's own form and its next n - 1 other forms
        return parts.map(function (alternatives) {
          var mine = own(alternatives);
          return [mine].concat(alternatives.filter(function (a) { return a !== mine; }).slice(0, n - 1));
        });
      };
      var all = function () { return ranking(e, parts).then(function (ranked) { return firstResults(ranked, current); }); };
      var step = function (n) {
        var forms = stage(n);
        if (!early || forms.every(function (f, i) { return f.length === parts[i].length; })) return all();
        return ranking(e, forms).then(function (ranked) { return firstResults(ranked, current); }).then(function (found) {
          if (!found) return null;  // no longer the query in the box
          if (!found.total) return step(n + 1);  // none yet: no "No results" before the other forms are searched
          early(found);
          return all();
        });
      };
      return step(1);
    });
  }

  function firstResults(ranked, current) {
    if (current && !current()) return null;
    var found = { total: ranked.length, ids: ranked.map(function (r) { return r.id; }).join(" "), data: [], more: function () {
      return Promise.all(ranked.slice(found.data.length, found.data.length + SHOWN).map(function (r) { return r.data(); }))
        .then(function (data) { found.data = found.data.concat(data); return data; });
    } };
    return found.more().then(function () { return found; });
  }

  /* ---- The dialog ---- */

  var latest = 0, timer = null;

  var more = document.createElement("button");
  more.type = "button";
  more.className = "llr-search__more";
  more.textContent = "Show more results";
  more.hidden = true;
  list.parentNode.insertBefore(more, none);

  function item(d) {
    var li = document.createElement("li");
    li.className = "llr-search__result";
    var link = document.createElement("a");
    link.className = "llr-search__link";
    link.href = d.url.split("?")[0];
    link.textContent = (d.meta && d.meta.title) || d.url;
    li.appendChild(link);
    if (d.meta && d.meta.section) {
      var section = document.createElement("span");
      section.className = "llr-search__section";
      section.textContent = d.meta.section;
      li.appendChild(section);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "llr-search__excerpt";
    excerpt.innerHTML = d.excerpt;  // Pagefind escapes the page text and adds only <mark>
    li.appendChild(excerpt);
    return li;
  }

  function counted(found, raw) {
    status.textContent = found.total === 0 ? "No results for \u201c" + raw + "\u201d."
      : found.total + (found.total === 1 ? " result" : " results") + " for \u201c" + raw + "\u201d" +
        (found.total > found.data.length ? ", the best " + found.data.length + " shown." : ".");
    more.hidden = found.data.length >= found.total;
  }

  var showing = null;  // the results in the list, and their query
  function render(found, raw) {
    showing = { found: found, raw: raw };
    list.innerHTML = "";
    none.hidden = found.total > 0;
    found.data.forEach(function (d) { list.appendChild(item(d)); });
    counted(found, raw);
  }

  more.addEventListener("click", function () {
    if (!showing) return;
    var was = showing;
    was.found.more().then(function (data) {
      if (showing !== was) return;
      var first = null;
      data.forEach(function (d) { var li = item(d); list.appendChild(li); first = first || li.querySelector("a"); });
      counted(was.found, was.raw);
      if (first) first.focus();
    });
  });

  /* While the other forms of the query's words are still being searched, the results list is marked
   * busy; the results are replaced when they change, unless the reader has moved into them. If the other
   * forms cannot be fetched (the connection dropped), the results found first stay. */
  function run() {
    var raw = input.value.trim();
    var mine = ++latest;
    list.removeAttribute("aria-busy");
    if (raw.length < 2) { list.innerHTML = ""; status.textContent = ""; none.hidden = true; more.hidden = true; showing = null; return; }
    search(raw, function () { return mine === latest; }, function (found) {
      if (mine !== latest) return;
      render(found, raw);
      list.setAttribute("aria-busy", "true");
    }).then(function (found) {
      if (!found || mine !== latest) return;
      list.removeAttribute("aria-busy");
      var early = showing && showing.raw === raw ? showing.found : null;
      if (early && (early.ids === found.ids || list.contains(document.activeElement))) return;
      render(found, raw);
    }, function () {
      if (mine !== latest) return;
      list.removeAttribute("aria-busy");
      if (!(showing && showing.raw === raw))  // the results for the reader's own words, if found, stay
        status.textContent = "Search cannot reach the site just now (are you offline?). Results you have already seen are kept: try the same words again.";
    });
  }

  function open() {
    if (!dialog.hidden) return;
    dialog.hidden = false;
    opener.setAttribute("aria-expanded", "true");
    document.documentElement.classList.add("llr-search-open");
    input.focus();
    input.select();
    load().catch(function () {});
  }

  function close() {
    if (dialog.hidden) return;
    dialog.hidden = true;
    opener.setAttribute("aria-expanded", "false");
    document.documentElement.classList.remove("llr-search-open");
    opener.focus();
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  opener.setAttribute("aria-expanded", "false");
  opener.addEventListener("click", open);
  closer.addEventListener("click", close);
  dialog.addEventListener("click", function (event) { if (event.target === dialog) close(); });
  var known = null;  // the search terms, once loaded
  input.addEventListener("input", function () {
    clearTimeout(timer);
    if (known) want(concepts(input.value, known));  // at once: on a busy phone the search may start late
    timer = setTimeout(run, known && halfTyped(input.value, known) ? PAUSE : WAIT);
  });

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (dialog.hidden) {
      if ((event.key === "/" || event.key === "s" || event.key === "S") && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target)) {
        event.preventDefault();
        open();
      }
      return;
    }
    var all = links(), at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : all[at - 1]).focus();
    } else if (event.key === "Enter" && event.target === input) {
      event.preventDefault();
      clearTimeout(timer);
      var raw = input.value.trim();
      if (raw) search(raw).then(function (found) { if (found.data.length) location.assign(found.data[0].url.split("?")[0]); else render(found, raw); });
    } else if (event.key === "Tab") {  // keep focus in the dialog while it is open
      var stops = [input, closer].concat(all).concat(more.hidden ? [] : [more]).concat(Array.prototype.slice.call(none.hidden ? [] : none.querySelectorAll("a")));
      var i = stops.indexOf(document.activeElement);
      if (event.shiftKey && i <= 0) { event.preventDefault(); stops[stops.length - 1].focus(); }
      else if (!event.shiftKey && i === stops.length - 1) { event.preventDefault(); stops[0].focus(); }
    }
  });
})();
