/* The worklist (actions.html, actions/<manager>.html): filter by priority and segment, hide what
   is done, sort a table by clicking its header, and tick an action "done". Ticks are kept in this
   browser (localStorage), one entry per report and action:
     "klantwaarde.done|<report title>|<report date>|<customer id>|<action id>"
   holding what the export needs, so "download" lists the ticked actions of every page of the
   report. Nothing leaves the computer: the CSV is made here and saved as a download.
   Without scripts the page shows every action; with them, <div id="worklist-tools"> says what it
   shows in data-filtered ("priority=1&segment=core&open=0") once a filter is applied. */
(function () {
  "use strict";

  var tools = document.getElementById("worklist-tools");
  if (!tools) { return; }
  var tables = Array.prototype.slice.call(document.querySelectorAll("table.worklist"));
  var rows = [];
  tables.forEach(function (table) {
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) { rows.push(row); });
  });
  var prefix = "klantwaarde.done|" + tools.getAttribute("data-report") + "|";
  var storage = usableStorage();
  var priority = document.getElementById("filter-priority");
  var segment = document.getElementById("filter-segment");
  var openOnly = document.getElementById("filter-open");
  var shown = document.getElementById("worklist-shown");
  var doneCount = document.getElementById("worklist-done");
  var exportButton = document.getElementById("export-done");
  var lang = document.documentElement.lang || "nl";
  var collator = new Intl.Collator(lang, { sensitivity: "base", numeric: true });

  function usableStorage() {
    try {
      var s = window.localStorage, probe = "klantwaarde.probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;  // blocked (a private window, a strict setting): no ticks, the rest works
    }
  }

  function keyOf(row) { return prefix + row.getAttribute("data-id") + "|" + row.getAttribute("data-action"); }
  function tickOf(row) { return row.querySelector("input.done-tick"); }

  // ---- done ticks

  function record(row) {
    var title = row.querySelector("td strong");
    return {
      done_on: new Date().toISOString().slice(0, 10),
      owner: row.getAttribute("data-owner") || "",
      priority: row.getAttribute("data-priority"),
      customer_id: row.getAttribute("data-id"),
      name: row.querySelector("th").textContent.trim(),
      action_id: row.getAttribute("data-action"),
      title: title ? title.textContent.trim() : ""
    };
  }

  if (storage) {
    rows.forEach(function (row) {
      var tick = tickOf(row);
      tick.checked = storage.getItem(keyOf(row)) !== null;
      row.classList.toggle("is-done", tick.checked);
      tick.addEventListener("change", function () {
        if (tick.checked) {
          storage.setItem(keyOf(row), JSON.stringify(record(row)));
        } else {
          storage.removeItem(keyOf(row));
        }
        row.classList.toggle("is-done", tick.checked);
        apply();
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".worklist .done"), function (el) { el.hidden = false; });
  } else {
    openOnly.closest(".field").hidden = true;
    exportButton.closest(".field").hidden = true;
    doneCount.hidden = true;
  }

  function ticked() {
    var out = [];
    if (!storage) { return out; }
    for (var i = 0; i < storage.length; i++) {
      var key = storage.key(i);
      if (key && key.indexOf(prefix) === 0) {
        try { out.push(JSON.parse(storage.getItem(key))); } catch (e) { /* not ours: skip */ }
      }
    }
    out.sort(function (a, b) {
      return collator.compare(a.owner, b.owner) || (a.priority - b.priority) || collator.compare(a.name, b.name)
        || collator.compare(a.customer_id, b.customer_id) || collator.compare(a.action_id, b.action_id);
    });
    return out;
  }

  // ---- export: the ticked actions of the whole report as CSV (UTF-8, comma, as actions.csv)

  var COLUMNS = ["done_on", "owner", "priority", "customer_id", "name", "action_id", "title"];

  function csvField(value) {
    var text = value === null || value === undefined ? "" : String(value);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csv() {
    var lines = [COLUMNS.join(",")];
    ticked().forEach(function (r) {
      lines.push(COLUMNS.map(function (c) { return csvField(r[c]); }).join(","));
    });
    return lines.join("\n") + "\n";
  }

  exportButton.addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([csv()], { type: "text/csv;charset=utf-8" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = tools.getAttribute("data-file") || "done.csv";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });

  // ---- filters

  function plural(name, n) {
    return tools.getAttribute("data-" + name + (n === 1 ? "-one" : "-other")).replace("{n}", n.toLocaleString(lang));
  }

  function apply() {
    var p = priority.value, s = segment.value, open = openOnly.checked && !!storage;
    var count = 0;
    rows.forEach(function (row) {
      var show = (!p || row.getAttribute("data-priority") === p) && (!s || row.getAttribute("data-segment") === s)
        && !(open && tickOf(row).checked);
      row.hidden = !show;
      if (show) { count++; }
    });
    tables.forEach(function (table) {  // a section with nothing left to show goes too
      var any = Array.prototype.some.call(table.tBodies[0].rows, function (row) { return !row.hidden; });
      var section = table.closest("section") || table;
      section.hidden = !any;
    });
    shown.textContent = plural("shown", count);
    doneCount.textContent = plural("done", ticked().length);
    tools.setAttribute("data-filtered", "priority=" + p + "&segment=" + s + "&open=" + (open ? 1 : 0));
  }

  [priority, segment, openOnly].forEach(function (el) { el.addEventListener("change", apply); });

  // ---- sorting: a header's button sorts its table; missing values last; ties keep the worklist order

  var KEYS = {
    priority: function (r) { return Number(r.getAttribute("data-priority")); },
    customer: function (r) { return r.querySelector("th").textContent.trim(); },
    segment: function (r) { return Number(r.getAttribute("data-segment-order")); },
    action: function (r) { var el = r.querySelector("td strong"); return el ? el.textContent.trim() : null; },
    impact: function (r) { var v = r.getAttribute("data-impact"); return v === null ? null : Number(v); }
  };

  tables.forEach(function (table) {
    var headers = Array.prototype.slice.call(table.tHead.querySelectorAll("th[data-sort]"));
    headers.forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") === "ascending";
        if (th.getAttribute("aria-sort") === "none") { descending = th.classList.contains("num") && th.getAttribute("data-sort") === "impact"; }
        sortTable(table, th.getAttribute("data-sort"), descending);
        headers.forEach(function (h) {
          h.setAttribute("aria-sort", h === th ? (descending ? "descending" : "ascending") : "none");
        });
      });
    });
  });

  function sortTable(table, field, descending) {
    var key = KEYS[field];
    var body = table.tBodies[0];
    var list = Array.prototype.slice.call(body.rows);
    var order = function (r) { return Number(r.getAttribute("data-order")); };
    list.sort(function (a, b) {
      var x = key(a), y = key(b);
      if (x === null || y === null) { return x === y ? order(a) - order(b) : (x === null ? 1 : -1); }
      var c = typeof x === "number" ? x - y : collator.compare(x, y);
      if (descending) { c = -c; }
      return c || order(a) - order(b);
    });
    list.forEach(function (r) { body.appendChild(r); });
  }

  tools.hidden = false;
  apply();
})();
