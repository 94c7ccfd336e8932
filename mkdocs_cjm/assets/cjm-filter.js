/* mkdocs-cjm: filters of the journeys index.
 *
 * The index's form (hidden until this script shows it) has a <select> per facet;
 * each journey's card (an <li> of a .cjm-journeys list) carries its values of each
 * facet as a JSON list in data-cjm-<facet>. A card is shown when it has every chosen
 * value; a folder's heading hides with its last card. The count of shown journeys
 * is a live region. Runs on every page Material's instant navigation loads
 * (document$), or once on a plain page load; it does nothing where there is no form.
 */
(function () {
  "use strict";

  function facetValues(item, key) {
    try {
      var values = JSON.parse(item.getAttribute("data-cjm-" + key) || "[]");
      return Array.isArray(values) ? values : [];
    } catch (error) {
      return [];
    }
  }

  function setup() {
    var form = document.querySelector("form[data-cjm-filter]");
    if (!form || form.getAttribute("data-cjm-ready")) return;
    form.setAttribute("data-cjm-ready", "true");
    var count = document.querySelector("[data-cjm-filter-count]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-cjm-facet]"));
    var groups = Array.prototype.slice.call(document.querySelectorAll(".cjm-journeys"));
    var items = Array.prototype.slice.call(document.querySelectorAll(".cjm-journeys > ul > li"));

    function apply() {
      var wanted = selects
        .filter(function (s) { return s.value !== ""; })
        .map(function (s) { return [s.getAttribute("data-cjm-facet"), s.value]; });
      var shown = 0;
      items.forEach(function (item) {
        var match = wanted.every(function (w) { return facetValues(item, w[0]).indexOf(w[1]) >= 0; });
        item.hidden = !match;
        if (match) shown += 1;
      });
      groups.forEach(function (group) {
        var any = group.querySelector(":scope > ul > li:not([hidden])") !== null;
        group.hidden = !any;
        var heading = group.previousElementSibling;
        if (heading && heading.tagName === "H2") heading.hidden = !any;
      });
      if (count) {
        var total = items.length;
        var noun = total === 1 ? "journey" : "journeys";
        count.textContent = wanted.length === 0
          ? "Showing all " + total + " " + noun + "."
          : shown === 0
            ? "No journey matches these filters (of " + total + "): choose others, or show all."
            : "Showing " + shown + " of " + total + " " + noun + ".";
      }
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var clear = form.querySelector("[data-cjm-filter-clear]");
    if (clear) {
      clear.addEventListener("click", function () {
        selects.forEach(function (s) { s.value = ""; });
        apply();
        if (selects.length) selects[0].focus();
      });
    }
    form.hidden = false;
    if (count) count.hidden = false;
    apply();
  }

  if (typeof window.document$ !== "undefined" && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
