/* Customer index: search as you type, filter by segment and account manager, sort by column,
   one page of rows at a time. Vanilla JS, no framework, no network: the rows come from
   index-data.js (window.klantwaardeCustomers), a classic script beside the page, so it works
   from file:// and stays quick with 100,000 customers (only one page is ever in the DOM).
   The filters can be set from the address: index.html#segment=fix&am=Anna&q=bakker; in the same
   form, <table data-filtered="segment=fix&q=bakker"> says which filters the rows shown answer
   (typing in a long list is answered once typing pauses), for whoever reads the list (a test).
   A large index comes in parts: index-data.js holds the first rows (by name) and data.parts names
   the others (index-data-2.js, …), classic scripts loaded after the first page is shown; each puts
   its rows in window.klantwaardeCustomerParts[name]. A row without a slug (a customer without a
   page of their own) shows the name without a link. */
(function () {
  "use strict";

  var data = window.klantwaardeCustomers;
  var form = document.getElementById("customer-filters");
  var table = document.getElementById("customer-table");
  if (!data || !form || !table) { return; }

  var PAGE = 100;
  var lang = document.documentElement.lang || undefined;
  var F = {};
  for (var f = 0; f < data.fields.length; f++) { F[data.fields[f]] = f; }
  var rows = data.rows;
  var search = document.getElementById("customer-search");
  var segmentFilter = document.getElementById("filter-segment");
  var managerFilter = document.getElementById("filter-am");
  var count = document.getElementById("customer-count");
  var list = document.getElementById("customer-list");
  var empty = document.getElementById("customer-empty");
  var pager = document.getElementById("customer-pager");
  var status = pager.querySelector(".pager__status");
  var stepButtons = pager.querySelectorAll("button[data-step]");
  var tbody = table.tBodies[0];
  var headers = table.tHead.rows[0].cells;
  var collator = new Intl.Collator(lang, { numeric: true, sensitivity: "base" });
  var segmentIndex = {};
  for (var s = 0; s < data.segments.length; s++) { segmentIndex[data.segments[s].id] = s; }

  var order = rows.map(function (_, i) { return i; });   // all rows, in the current sort order
  var view = order;                                      // the rows that pass the filters
  var page = 0;
  var folded = null;                                     // search text per row, made on first search
  var sortState = { field: null, descending: false };

  // ---- filtering

  function fold(text) {
    return String(text).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function applyFilters() {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var segment = segmentFilter.value === "" ? -2 : segmentIndex[segmentFilter.value];
    var manager = managerFilter.value === "" ? -2 : data.managers.indexOf(managerFilter.value);
    if (words.length && folded === null) {
      folded = rows.map(function (r) { return fold(r[F.name] + " " + r[F.id]); });
    }
    if (!words.length && segment === -2 && manager === -2) {
      view = order;
    } else {
      view = order.filter(function (i) {
        var r = rows[i];
        if (segment !== -2 && r[F.segment] !== segment) { return false; }
        if (manager !== -2 && r[F.manager] !== manager) { return false; }
        for (var w = 0; w < words.length; w++) {
          if (folded[i].indexOf(words[w]) === -1) { return false; }
        }
        return true;
      });
    }
    page = 0;
    render();
    table.setAttribute("data-filtered", filterAddress());
  }

  // ---- sorting: missing values last, whatever the direction; ties keep the name order

  function sortBy(column) {
    var th = headers[column];
    var field = th.getAttribute("data-field");
    var descending = sortState.field === field ? !sortState.descending : th.classList.contains("num");
    sortState = { field: field, descending: descending, column: column };
    sortRows();
    for (var i = 0; i < headers.length; i++) {
      headers[i].setAttribute("aria-sort", i === column ? (descending ? "descending" : "ascending") : "none");
    }
    applyFilters();
  }

  function sortRows() {
    order = rows.map(function (_, i) { return i; });
    if (sortState.field === null) { return; }
    var field = sortState.field, descending = sortState.descending;
    var type = headers[sortState.column].getAttribute("data-type") || "text";
    var k = F[field];
    var key = field === "manager"
      ? function (r) { return r[k] < 0 ? null : data.managers[r[k]]; }
      : function (r) { return r[k] === null || r[k] === undefined || r[k] === -1 ? null : r[k]; };
    order.sort(function (a, b) {
      var x = key(rows[a]), y = key(rows[b]);
      if (x === null || y === null) { return x === y ? a - b : (x === null ? 1 : -1); }
      var c = type === "number" ? x - y : collator.compare(x, y);
      if (descending) { c = -c; }
      return c || a - b;
    });
  }

  // ---- a large index's other parts: loaded after the first page is shown, joined when all are in

  function loadParts() {
    var parts = data.parts || [];
    var loaded = 0;
    window.klantwaardeCustomerParts = window.klantwaardeCustomerParts || {};
    parts.forEach(function (name) {
      var script = document.createElement("script");
      script.src = name;
      script.addEventListener("load", function () {
        loaded += 1;
        if (loaded === parts.length) { joinParts(parts); }
      });
      document.body.appendChild(script);
    });
  }

  function joinParts(parts) {
    var all = data.rows;
    for (var p = 0; p < parts.length; p++) { all = all.concat(window.klantwaardeCustomerParts[parts[p]] || []); }
    rows = all;
    folded = null;
    sortRows();
    var keep = page;
    applyFilters();
    page = keep;
    render();
  }

  // ---- drawing one page

  function cell(tag, text, className) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text !== undefined) { el.textContent = text; }
    return el;
  }

  function number(value) {
    return value === null || value === undefined ? "—" : value.toLocaleString(lang);
  }

  function rowElement(r) {
    var tr = document.createElement("tr");
    var th = cell("th");
    th.scope = "row";
    if (r[F.slug]) {
      var link = cell("a", r[F.name]);
      link.href = r[F.slug] + ".html";
      th.appendChild(link);
    } else {
      th.textContent = r[F.name];
    }
    tr.appendChild(th);
    tr.appendChild(cell("td", r[F.id]));
    var segment = cell("td");
    var seg = data.segments[r[F.segment]];
    if (seg) {
      var chip = cell("a", seg.name, "chip seg-" + seg.id);
      chip.href = seg.href;
      segment.appendChild(chip);
    } else {
      segment.textContent = "—";
    }
    tr.appendChild(segment);
    tr.appendChild(cell("td", r[F.manager] < 0 ? "—" : data.managers[r[F.manager]]));
    tr.appendChild(cell("td", r[F.revenue_text], "num"));
    tr.appendChild(cell("td", r[F.net_text], "num" + (r[F.net] !== null && r[F.net] < 0 ? " negative" : "")));
    tr.appendChild(cell("td", number(r[F.value_score]), "num"));
    tr.appendChild(cell("td", number(r[F.burden_score]), "num"));
    tr.appendChild(cell("td", number(r[F.future_score]), "num"));
    return tr;
  }

  function render() {
    var pages = Math.max(1, Math.ceil(view.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    var first = page * PAGE;
    var last = Math.min(view.length, first + PAGE);
    var fragment = document.createDocumentFragment();
    for (var i = first; i < last; i++) { fragment.appendChild(rowElement(rows[view[i]])); }
    tbody.textContent = "";
    tbody.appendChild(fragment);
    list.hidden = view.length === 0;
    empty.hidden = view.length !== 0;
    pager.hidden = view.length <= PAGE;
    stepButtons[0].disabled = page === 0;
    stepButtons[1].disabled = page >= pages - 1;
    status.textContent = fill(status.getAttribute("data-template"),
                              { first: view.length ? first + 1 : 0, last: last, total: view.length });
    count.textContent = fill(count.getAttribute("data-template"),
                             { shown: view.length, total: Math.max(rows.length, data.total || 0) });
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, name) {
      return name in values ? values[name].toLocaleString(lang) : m;
    });
  }

  // ---- the address: #segment=…&am=…&q=…

  function readAddress() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    var segment = params.get("segment");
    segmentFilter.value = segment !== null && segment in segmentIndex ? segment : "";
    var manager = params.get("am");
    managerFilter.value = manager !== null && data.managers.indexOf(manager) !== -1 ? manager : "";
    search.value = params.get("q") || "";
  }

  function filterAddress() {
    var params = new URLSearchParams();
    if (segmentFilter.value !== "") { params.set("segment", segmentFilter.value); }
    if (managerFilter.value !== "") { params.set("am", managerFilter.value); }
    if (search.value !== "") { params.set("q", search.value); }
    return params.toString();
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
  var pending = null;
  search.addEventListener("input", function () {
    if (rows.length < 5000) { applyFilters(); return; }
    window.clearTimeout(pending);
    pending = window.setTimeout(applyFilters, 150);   // many rows: wait until typing pauses
  });
  segmentFilter.addEventListener("change", applyFilters);
  managerFilter.addEventListener("change", applyFilters);
  form.addEventListener("submit", function (event) { event.preventDefault(); applyFilters(); });
  form.addEventListener("reset", function () { window.setTimeout(applyFilters, 0); });
  for (var b = 0; b < stepButtons.length; b++) {
    stepButtons[b].addEventListener("click", function (event) {
      page += parseInt(event.currentTarget.getAttribute("data-step"), 10);
      render();
    });
  }
  window.addEventListener("hashchange", function () { readAddress(); applyFilters(); });
  form.hidden = false;
  readAddress();
  applyFilters();
  loadParts();
})();
