/*
 * Quick exit ("Exit this page").
 *
 * Modelled on the GOV.UK Design System's "Exit this page" component:
 * - Activating any [data-llr-exit] link hides the page at once behind a plain overlay (so nothing
 *   sensitive stays on screen while the next site loads), then goes to the neutral site.
 * - Pressing Shift three times does the same. Presses are counted on key *release*, within
 *   WINDOW_MS of the first; any other key resets the count, and Shift held down as a modifier
 *   (Shift+Tab, capitals) does not count. Progress is announced to screen readers.
 * - Escape is deliberately not used: it stops the browser loading the next page.
 * - Coming back with the Back button (the page may come from the back-forward cache) removes the
 *   overlay, so the reader is not left with a blank page.
 * Without JavaScript the links still go to the neutral site. Nothing is stored anywhere.
 */
(function () {
  "use strict";

  var PRESSES = 3;
  var WINDOW_MS = 5000;

  var links = document.querySelectorAll("[data-llr-exit]");
  var button = document.getElementById("llr-exit");
  var status = document.getElementById("llr-exit-status");
  var count = 0;
  var timer = null;
  var shiftWasModifier = false;

  function announce(text) {
    if (status) status.textContent = text;
  }

  function showProgress(n) {
    if (button) button.setAttribute("data-presses", String(n));
  }

  function reset() {
    count = 0;
    showProgress(0);
    if (timer) clearTimeout(timer);
    timer = null;
  }

  function exitPage(event) {
    if (event) event.preventDefault();
    var url = (button || links[0]).getAttribute("href");
    // Hide first, navigate second: the overlay must be painted before the slow part starts.
    document.documentElement.classList.add("llr-exiting");
    if (!document.querySelector(".llr-exit-overlay")) {
      var overlay = document.createElement("div");
      overlay.className = "llr-exit-overlay";
      document.body.appendChild(overlay);
    }
    announce("Loading.");
    reset();
    window.location.href = url;
  }

  for (var i = 0; i < links.length; i++) links[i].addEventListener("click", exitPage);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") return;
    // Another key: the count starts again, and if Shift is held it is a modifier, not a press.
    if (count > 0) announce("");
    reset();
    shiftWasModifier = event.shiftKey;
  });

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") return;
    if (shiftWasModifier) {
      shiftWasModifier = false;
      return;
    }
    count += 1;
    showProgress(count);
    if (count >= PRESSES) {
      exitPage();
      return;
    }
    var left = PRESSES - count;
    announce("Shift, press " + left + " more " + (left === 1 ? "time" : "times") + " to exit.");
    if (!timer) {
      timer = setTimeout(function () {
        reset();
        announce("Exit this page expired.");
      }, WINDOW_MS);
    }
  });

  // Back/forward: the page may be restored exactly as it was left, overlay and all.
  window.addEventListener("pageshow", function () {
    document.documentElement.classList.remove("llr-exiting");
    var overlay = document.querySelector(".llr-exit-overlay");
    if (overlay) overlay.parentNode.removeChild(overlay);
    announce("");
    reset();
  });
})();
