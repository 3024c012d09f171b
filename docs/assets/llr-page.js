/*
 * Small page behaviours that need script (the rest of the site's additions are CSS):
 * - wide tables that scroll in their own box can be reached and scrolled by keyboard;
 * - abbreviations show their meaning on keyboard focus as well as on hover;
 * - the overdue-review banner appears once its date has passed, even on a page built before then;
 * - names for Material's landmarks and dialog that have none (its search dialog, and the navigation
 *   of a section with an index page, labelled by an empty element), so each is told apart;
 * - printing: the print note gets the date and the page's address, and collapsed sections open.
 * No inline script anywhere (a strict Content-Security-Policy can allow the site's own files only).
 * Nothing is stored anywhere.
 */
(function () {
  "use strict";

  /* The review banner (hooks/render.py overdue_banner): hidden when built, shown after its date. */
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var now = new Date();
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  var banners = document.querySelectorAll(".llr-overdue[data-review-due]");
  for (var b = 0; b < banners.length; b++) {
    if (today > banners[b].getAttribute("data-review-due")) banners[b].hidden = false;
  }

  /* Accessible names Material leaves out. */
  var search = document.querySelector(".md-search[role=dialog]");
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
  var navs = document.querySelectorAll("nav[aria-labelledby]");
  for (var n = 0; n < navs.length; n++) {
    var label = document.getElementById(navs[n].getAttribute("aria-labelledby"));
    var title = navs[n].querySelector(":scope > .md-nav__title");
    if ((!label || !label.textContent.trim()) && title && title.textContent.trim()) {
      navs[n].removeAttribute("aria-labelledby");
      navs[n].setAttribute("aria-label", title.textContent.trim());
    }
  }

  /* Wide tables: a table that scrolls sideways in its own box must be reachable by keyboard
   * (WCAG 2.1.1), so its box becomes focusable, with a name: the heading it sits under, so that two
   * tables on one page are not two regions of the same name. Material makes the boxes as it loads. */
  function tableName(box, n) {
    for (var el = box; el && !el.matches("article"); el = el.previousElementSibling || el.parentElement) {
      if (/^H[2-6]$/.test(el.tagName) && el !== box) {
        return "Table " + n + ", under " + el.textContent.replace(/\u00b6/g, "").trim();
      }
    }
    return "Table " + n;
  }
  function scrollableTables() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", tableName(box, i + 1) + " (scroll sideways to see all of it)");
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }
  if (document.readyState === "complete") scrollableTables();
  else window.addEventListener("load", scrollableTables);
  window.addEventListener("resize", scrollableTables);

  /* Abbreviations (from the glossary) show their meaning on hover through their title. For keyboard
   * users the first use of each abbreviation on a page can be reached with Tab, and shows its meaning
   * while focused (llr.css): one stop per abbreviation, not one per use. */
  var seen = {};
  var abbrs = document.querySelectorAll("article abbr[title]");
  for (var k = 0; k < abbrs.length; k++) {
    if (!seen[abbrs[k].textContent]) {
      seen[abbrs[k].textContent] = true;
      abbrs[k].setAttribute("tabindex", "0");
    }
  }

  /* Print: the date and the page's real address, and every collapsible section open. */

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  /* A link whose text is its own address (the GOV.UK address written out as the text) is printed once:
   * llr.css adds the address after every other external link. Marked here, as CSS cannot compare. */
  var bare = function (u) { return u.replace(/^https?:\/\//, "").replace(/^www\./, "").replace(/\/$/, ""); };
  var external = document.querySelectorAll("article a[href^='http']");
  for (var x = 0; x < external.length; x++) {
    var text = external[x].textContent.trim();
    if (text && bare(text) === bare(external[x].getAttribute("href"))) external[x].setAttribute("data-llr-text-is-address", "");
  }

  function fillPrintNote() {
    var now = new Date();
    var date = now.getDate() + " " + MONTHS[now.getMonth()] + " " + now.getFullYear();
    var dates = document.querySelectorAll("[data-llr-print-date]");
    for (var i = 0; i < dates.length; i++) {
      dates[i].textContent = date;
      dates[i].parentNode.hidden = false;
    }
    var urls = document.querySelectorAll("[data-llr-print-url]");
    for (var j = 0; j < urls.length; j++) urls[j].textContent = location.href.split("#")[0];
  }
  fillPrintNote();

  // llr.css opens closed <details> in print for Chromium; this covers other browsers, and puts
  // each one back as it was afterwards.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    fillPrintNote();
    var closed = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < closed.length; i++) {
      closed[i].open = true;
      opened.push(closed[i]);
    }
  });
  window.addEventListener("afterprint", function () {
    while (opened.length) opened.pop().open = false;
  });
})();
