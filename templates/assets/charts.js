/* Draws every chart on the page: finds <script type="application/json" class="chart-spec">
   blocks — each names its chart type and carries the page's data — joins them with the
   type's shared spec (window.KW_SPECS, from chart-specs.js) and hands the Vega-Lite spec
   to vegaEmbed (from vega-runtime.js).
   ast: true makes Vega interpret expressions instead of compiling them, so the page's
   Content-Security-Policy needs no 'unsafe-eval'. No network requests are made.
   The page's ready state (see site.js) is set here on a page with charts: <html data-ready="W">
   once every chart is drawn (or has failed) for a window W px wide, and again after the redraw
   that each resize causes. */
(function () {
  "use strict";

  var root = document.documentElement;
  root.setAttribute("data-ready", "");  // busy: the charts are still to be drawn

  function drawAll() {
    var blocks = document.querySelectorAll('script.chart-spec[type="application/json"]');
    var drawing = [];
    for (var i = 0; i < blocks.length; i++) {
      drawing.push(draw(blocks[i]));
    }
    Promise.all(drawing).then(function (views) {
      views = views.filter(Boolean);
      ready(views);
      // Vega redraws a chart on a resize in listeners of its own, added while drawing it: this
      // one, added after them, waits for that redraw.
      window.addEventListener("resize", function () { ready(views); });
    });
  }

  /* Sets the ready state once the views have finished every run started so far (runAsync queues
     behind them), unless the window has changed width meanwhile (a later call sets it then). */
  function ready(views) {
    var width = window.innerWidth;
    Promise.all(views.map(function (view) { return view.runAsync(); })).then(function () {
      if (window.innerWidth === width) { root.setAttribute("data-ready", String(width)); }
    });
  }

  /* Draws one chart; the promise gives its Vega view, or null when it could not be drawn. */
  function draw(block) {
    var target = document.getElementById(block.getAttribute("data-target"));
    if (!target) { return null; }
    if (typeof window.vegaEmbed !== "function") {
      target.classList.add("chart--failed");
      return null;
    }
    var spec;
    try {
      var part = JSON.parse(block.textContent);
      var base = (window.KW_SPECS || {})[part.spec];
      if (!base) { throw new Error("no shared spec for chart type " + part.spec); }
      spec = {};
      for (var key in base) {
        if (Object.prototype.hasOwnProperty.call(base, key)) { spec[key] = base[key]; }
      }
      spec.datasets = {};
      var sets = [base.datasets || {}, part.datasets || {}];
      for (var i = 0; i < sets.length; i++) {
        for (var name in sets[i]) {
          if (Object.prototype.hasOwnProperty.call(sets[i], name)) { spec.datasets[name] = sets[i][name]; }
        }
      }
    } catch (err) {
      fail(target, err);
      return null;
    }
    target.textContent = "";
    return window.vegaEmbed(target, spec, {
      renderer: "svg",
      actions: false,
      ast: true,
      defaultStyle: false
    }).then(function (result) {
      target.setAttribute("data-rendered", "true");
      return result.view;
    }).catch(function (err) {
      fail(target, err);
      return null;
    });
  }

  function fail(target, err) {
    target.classList.add("chart--failed");
    target.setAttribute("data-error", String(err && err.message ? err.message : err));
    if (window.console && console.error) { console.error("chart", target.id, err); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
