/*
 * Quick exit ("Exit this page"), after the GOV.UK Design System's Exit this page component.
 *
 * Loaded first in the page's head, before any stylesheet or other script, so it works while the rest
 * of the page is still loading: everything listens on the document (which exists at once), and the
 * page's elements are looked up when they are needed.
 * - Activating any [data-llr-exit] link hides the page at once behind a plain overlay, then replaces
 *   this page in the history with the neutral site (location.replace), so Back does not return here.
 *   The page's <meta name="referrer" content="no-referrer"> keeps the address out of the request.
 * - Pressing Shift three times does the same. A press counts on key release, unless Shift was held as
 *   a modifier (Shift+Tab, capitals); any other key starts the count again; the count is forgotten
 *   TIMEOUT_MS after the last press. Presses while typing in a text field (the search box, any input,
 *   textarea or editable text) do not count: a capital letter there is not a request to leave.
 *   Progress is announced to screen readers.
 * - Escape is deliberately not used: it stops the browser loading the next page.
 * - Coming back (a page restored from the back-forward cache) removes the overlay.
 * Without JavaScript the links still go to the neutral site. Nothing is stored anywhere.
 */
(function () {
  "use strict";

  var PRESSES = 3;
  var TIMEOUT_MS = 5000;
  var TEXT_INPUTS = /^(text|search|email|number|password|tel|url|date|datetime-local|month|time|week)$/;

  // Where to go, known before the rest of the page is parsed (a stylesheet that is slow to arrive holds
  // up the parsing of everything after it).
  var script = document.currentScript;
  var fallback = script && script.getAttribute("data-llr-exit-url");
  var count = 0;
  var timer = null;
  var lastKeyWasModified = false;

  function byId(id) { return document.getElementById(id); }

  function announce(text) {
    var status = byId("llr-exit-status");
    if (status) status.textContent = text;
  }

  function showProgress(n) {
    var button = byId("llr-exit");
    if (button) button.setAttribute("data-presses", String(n));
  }

  function reset() {
    count = 0;
    showProgress(0);
    if (timer) clearTimeout(timer);
    timer = null;
  }

  function destination() {
    var link = byId("llr-exit") || document.querySelector("[data-llr-exit]");
    return link ? link.href : fallback;
  }

  function exitPage() {
    var url = destination();
    if (!url) return false;
    // Hide first, leave second: the overlay must be painted before the slow part starts.
    document.documentElement.classList.add("llr-exiting");
    if (!document.querySelector(".llr-exit-overlay")) {
      var overlay = document.createElement("div");
      overlay.className = "llr-exit-overlay";
      overlay.setAttribute("role", "alert");
      (document.body || document.documentElement).appendChild(overlay);
      overlay.textContent = "Loading.";
    }
    reset();
    window.location.replace(url);
    return true;
  }

  function typing(target) {
    if (!target || target.nodeType !== 1) return false;
    if (target.isContentEditable) return true;
    var tag = target.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    return tag === "INPUT" && TEXT_INPUTS.test((target.getAttribute("type") || "text").toLowerCase());
  }

  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("[data-llr-exit]") : null;
    // An ordinary click only: a reader opening the link in a new tab gets what they asked for.
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (exitPage()) event.preventDefault();
  }, true);

  document.addEventListener("keyup", function (event) {
    var shift = event.key === "Shift";
    if (shift && !lastKeyWasModified && !typing(event.target)) {
      count += 1;
      showProgress(count);
      if (timer) clearTimeout(timer);
      if (count >= PRESSES) {
        exitPage();
        return;
      }
      var left = PRESSES - count;
      announce("Shift, press " + left + " more " + (left === 1 ? "time" : "times") + " to exit.");
      timer = setTimeout(function () {
        reset();
        announce("Exit this page expired.");
      }, TIMEOUT_MS);
    } else if (count > 0 && !shift) {
      reset();
      announce("");
    }
    // Shift held with another key gives two releases: the key's (shiftKey true), then Shift's.
    lastKeyWasModified = event.shiftKey;
  }, true);

  // Another key pressed while Shift is down (Shift+Tab) makes that Shift a modifier, not a press.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" && event.shiftKey) lastKeyWasModified = true;
  }, true);

  document.documentElement.setAttribute("data-llr-exit-ready", "");

  // Back/forward: the page may be restored exactly as it was left, overlay and all.
  window.addEventListener("pageshow", function () {
    document.documentElement.classList.remove("llr-exiting");
    var overlay = document.querySelector(".llr-exit-overlay");
    if (overlay) overlay.parentNode.removeChild(overlay);
    announce("");
    reset();
  });
})();
