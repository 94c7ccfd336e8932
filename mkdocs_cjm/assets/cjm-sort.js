/* mkdocs-cjm: sortable tables, with no library and no outside request.
 *
 * A table inside <div class="cjm-sortable"> whose heading cells hold
 * <span data-cjm-sort="number|text"> gets a button in each of those headings:
 * a click (or Enter / Space) sorts the rows by that column, ascending then
 * descending; aria-sort on the heading says how. A cell may give its sort key
 * in a data-cjm-key attribute (e.g. a status's rank); an empty cell or "—"
 * always sorts last. Without JavaScript the table stays as it is. Runs on every
 * page Material's instant navigation shows (document$), or once on load.
 */
(function () {
  "use strict";

  function keyOf(cell, type) {
    var marked = cell ? cell.querySelector("[data-cjm-key]") : null;
    var text = marked ? marked.getAttribute("data-cjm-key") : (cell ? cell.textContent : "");
    text = text.trim();
    if (text === "" || text === "\u2014") return null;
    if (type === "number") {
      var n = parseFloat(text.replace(/,/g, ""));
      return isNaN(n) ? null : n;
    }
    return text.toLocaleLowerCase();
  }

  function sortBy(table, heads, index) {
    var th = heads[index].th;
    var type = heads[index].type;
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
      return { row: row, key: keyOf(row.cells[index], type), i: i };
    });
    rows.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) return a.i - b.i;
        return a.key === null ? 1 : -1;
      }
      var c = type === "number" ? a.key - b.key : a.key.localeCompare(b.key);
      if (dir === "descending") c = -c;
      return c || a.i - b.i;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
    heads.forEach(function (h) {
      if (!h) return;
      h.th.setAttribute("aria-sort", h.th === th ? dir : "none");
      h.arrow.textContent = h.th === th ? (dir === "ascending" ? "\u25B2" : "\u25BC") : "\u21C5";
    });
  }

  function setUp(table) {
    if (table.getAttribute("data-cjm-sortable") === "ready" || !table.tHead || !table.tBodies.length) return;
    table.setAttribute("data-cjm-sortable", "ready");
    var cells = table.tHead.rows[0].cells;
    var heads = [];
    Array.prototype.forEach.call(cells, function (th, index) {
      var mark = th.querySelector("[data-cjm-sort]");
      if (!mark) { heads.push(null); return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cjm-sort";
      button.textContent = mark.textContent;
      var arrow = document.createElement("span");
      arrow.className = "cjm-sort__arrow";
      arrow.setAttribute("aria-hidden", "true");
      arrow.textContent = "\u21C5";
      button.appendChild(arrow);
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      heads.push({ th: th, arrow: arrow, type: mark.getAttribute("data-cjm-sort") });
      button.addEventListener("click", function () { sortBy(table, heads, index); });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".cjm-sortable table"), setUp);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
