/* Draws every chart on the page: finds <script type="application/json" class="chart-spec">
   blocks — each names its chart type and carries the page's data — joins them with the
   type's shared spec (window.KW_SPECS, from chart-specs.js) and hands the Vega-Lite spec
   to vegaEmbed (from vega-runtime.js).
   ast: true makes Vega interpret expressions instead of compiling them, so the page's
   Content-Security-Policy needs no 'unsafe-eval'. No network requests are made. */
(function () {
  "use strict";

  function drawAll() {
    var blocks = document.querySelectorAll('script.chart-spec[type="application/json"]');
    for (var i = 0; i < blocks.length; i++) {
      draw(blocks[i]);
    }
  }

  function draw(block) {
    var target = document.getElementById(block.getAttribute("data-target"));
    if (!target) { return; }
    if (typeof window.vegaEmbed !== "function") {
      target.classList.add("chart--failed");
      return;
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
      return;
    }
    target.textContent = "";
    window.vegaEmbed(target, spec, {
      renderer: "svg",
      actions: false,
      ast: true,
      defaultStyle: false
    }).then(function () {
      target.setAttribute("data-rendered", "true");
    }).catch(function (err) {
      fail(target, err);
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
