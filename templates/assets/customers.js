/* Customer index: search as you type, filter by segment and account manager, sort by column.
   Vanilla JS, no framework. The rows are read once into a plain array (see readRows); every
   feature works on that array, so the rows can later come from a data file instead of the
   HTML table by replacing readRows and render only. */
(function () {
  "use strict";

  var table = document.getElementById("customer-table");
  var form = document.getElementById("customer-filters");
  if (!table || !form) { return; }

  var search = document.getElementById("customer-search");
  var segmentFilter = document.getElementById("filter-segment");
  var managerFilter = document.getElementById("filter-am");
  var count = document.getElementById("customer-count");
  var tbody = table.tBodies[0];
  var headers = table.tHead.rows[0].cells;
  var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: "base" });

  var rows = readRows();
  var sortState = { column: -1, descending: false };

  // ---- the data: one object per customer

  function readRows() {
    var out = [];
    for (var i = 0; i < tbody.rows.length; i++) {
      var tr = tbody.rows[i];
      var cells = [];
      for (var j = 0; j < tr.cells.length; j++) {
        var cell = tr.cells[j];
        var key = cell.getAttribute("data-sort");
        cells.push(key !== null ? key : cell.textContent.trim());
      }
      out.push({
        element: tr,
        cells: cells,
        segment: tr.getAttribute("data-segment") || "",
        manager: tr.getAttribute("data-am") || "",
        text: fold(cells[0] + " " + cells[1]),
        visible: true
      });
    }
    return out;
  }

  function fold(text) {
    return String(text).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  // ---- filtering and sorting

  function applyFilters() {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var segment = segmentFilter.value;
    var manager = managerFilter.value;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var ok = (!segment || row.segment === segment) && (!manager || row.manager === manager);
      for (var w = 0; ok && w < words.length; w++) {
        ok = row.text.indexOf(words[w]) !== -1;
      }
      row.visible = ok;
    }
    render();
  }

  function sortBy(column) {
    var type = headers[column].getAttribute("data-type") || "text";
    var descending = sortState.column === column ? !sortState.descending : type === "number";
    sortState = { column: column, descending: descending };
    rows.sort(function (a, b) {
      var x = a.cells[column], y = b.cells[column];
      if (x === "" && y === "") { return 0; }
      if (x === "") { return 1; }      // missing values last, whatever the direction
      if (y === "") { return -1; }
      var c = type === "number" ? parseFloat(x) - parseFloat(y) : collator.compare(x, y);
      return descending ? -c : c;
    });
    for (var i = 0; i < headers.length; i++) {
      if (i === column) {
        headers[i].setAttribute("aria-sort", descending ? "descending" : "ascending");
      } else if (headers[i].hasAttribute("aria-sort")) {
        headers[i].setAttribute("aria-sort", "none");
      }
    }
    render();
  }

  // ---- drawing

  function render() {
    var shown = 0;
    var fragment = document.createDocumentFragment();
    for (var i = 0; i < rows.length; i++) {
      rows[i].element.hidden = !rows[i].visible;
      if (rows[i].visible) { shown += 1; }
      fragment.appendChild(rows[i].element);
    }
    tbody.appendChild(fragment);
    var template = count.getAttribute("data-template") || "{shown} / {total}";
    count.textContent = template.replace("{shown}", shown.toLocaleString(document.documentElement.lang))
                                .replace("{total}", rows.length.toLocaleString(document.documentElement.lang));
  }

  // ---- wiring

  for (var i = 0; i < headers.length; i++) {
    (function (column) {
      var th = headers[column];
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () { sortBy(column); });
    })(i);
  }
  search.addEventListener("input", applyFilters);
  segmentFilter.addEventListener("change", applyFilters);
  managerFilter.addEventListener("change", applyFilters);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(applyFilters, 0); });
  form.hidden = false;
  applyFilters();
})();
