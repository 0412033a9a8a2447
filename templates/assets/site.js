/* Small progressive enhancements shared by every page: copy buttons for letter drafts. */
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
})();
