// Reporting inbox: selecting words in a report's text copies them into the
// annotation's quote field. Without JavaScript the field is typed or pasted.
(function () {
  "use strict";

  function init() {
    var source = document.querySelector("[data-quote-source]");
    var field = document.querySelector(".inbox-annotation-form textarea[name='quote']");
    if (!source || !field) {
      return;
    }
    var hint = document.querySelector("[data-quote-hint]");
    if (hint) {
      hint.hidden = false;
    }

    function takeSelection() {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
        return;
      }
      var range = selection.getRangeAt(0);
      // Only words from the report itself count as a quote.
      if (!source.contains(range.commonAncestorContainer)) {
        return;
      }
      var text = selection.toString().replace(/\s+/g, " ").trim();
      if (text) {
        field.value = text;
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }

    source.addEventListener("mouseup", takeSelection);
    source.addEventListener("keyup", takeSelection);
    source.addEventListener("touchend", takeSelection);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
