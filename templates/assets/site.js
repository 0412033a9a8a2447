/* Small progressive enhancements shared by every page: copy buttons for letter drafts, and
   tables that scroll sideways reachable by keyboard. And the page's ready state, for whoever
   reads the page once its scripts are done (a test, a screenshot tool): <html data-ready="W">
   when they are done for a window W px wide, set again after each resize. */
(function () {
  "use strict";

  var buttons = document.querySelectorAll("button.copy-button[data-copy-target]");
  for (var i = 0; i < buttons.length; i++) {
    setUp(buttons[i]);
  }

  function setUp(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target) { return; }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target.textContent;
      var done = function () {
        button.textContent = button.getAttribute("data-done") || label;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { selectText(target); });
      } else {
        selectText(target);
      }
    });
  }

  function selectText(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  // A table wider than the screen scrolls inside its wrapper: let the keyboard reach it too.
  function focusableScrollers() {
    var wraps = document.querySelectorAll(".table-wrap");
    for (var w = 0; w < wraps.length; w++) {
      var wrap = wraps[w];
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var caption = wrap.querySelector("caption");
        if (caption) { wrap.setAttribute("aria-label", caption.textContent); }
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    }
  }
  focusableScrollers();
  window.addEventListener("resize", focusableScrollers);

  // Ready: on a page with charts, charts.js has marked the page busy and sets the state itself
  // once they are drawn. Otherwise it is set here when the page's other scripts (the customer
  // list comes after this one) have run, and again after each resize.
  var root = document.documentElement;
  if (root.hasAttribute("data-ready")) { return; }
  function ready() { root.setAttribute("data-ready", String(window.innerWidth)); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  window.addEventListener("resize", ready);
})();
