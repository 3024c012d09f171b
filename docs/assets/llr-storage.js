/*
 * Nothing is written to the reader's device unless the reader asks for it.
 *
 * Material for MkDocs keeps small notes in the browser's storage through one function, __md_set
 * (defined in the page's head): the colour scheme on every first visit ("__palette"), and, for
 * features this site does not use, tabs, dismissed announcements, versions and repository facts. This
 * script runs before Material's own script and replaces that function: nothing is stored, except the
 * colour scheme once the reader has picked one with the colour button (or had picked one before).
 * Until then the colours follow the device's light or dark setting. docs/privacy.md says so.
 */
(function () {
  "use strict";

  var store = window.__md_set;
  var get = window.__md_get;
  if (typeof store !== "function") return;

  var chosen = false;
  try {
    chosen = typeof get === "function" && get("__palette") !== null;
  } catch (e) {
    chosen = false;
  }

  // A change of the colour inputs comes only from the reader (a click, or Enter, which Material turns
  // into a click); Material's own setting of the scheme on load fires no change event. Capture runs
  // before Material's handler stores the choice.
  document.addEventListener("change", function (event) {
    var form = event.target && event.target.closest ? event.target.closest("[data-md-component='palette']") : null;
    if (form) chosen = true;
  }, true);

  window.__md_set = function (key, value, storage, scope) {
    if (key === "__palette" && chosen) return store(key, value, storage, scope);
  };
})();
