// Live character counts in the admin for fields marked data-count-limit (highlights).
// The limit is checked on save; this only tells the writer where they stand, and
// never cuts anything.
(function () {
  "use strict";
  var SELECTOR = "[data-count-limit]";

  function counterFor(field) {
    var next = field.nextElementSibling;
    if (next && next.classList.contains("rx-count")) return next;
    var counter = document.createElement("p");
    counter.className = "rx-count help";
    counter.setAttribute("aria-live", "polite");
    counter.style.margin = "0.25rem 0 0";
    field.insertAdjacentElement("afterend", counter);
    return counter;
  }

  function update(field) {
    var limit = parseInt(field.getAttribute("data-count-limit"), 10);
    var used = Array.from(field.value).length;
    var counter = counterFor(field);
    var over = used - limit;
    counter.textContent =
      used + " of " + limit + " characters" +
      (over > 0 ? ": " + over + " too many, shorten before saving" : "");
    counter.style.color = over > 0 ? "#b00020" : "";
    counter.style.fontWeight = over > 0 ? "700" : "";
  }

  function onEvent(event) {
    var target = event.target;
    if (target && target.matches && target.matches(SELECTOR)) update(target);
  }

  document.addEventListener("input", onEvent);
  document.addEventListener("focusin", onEvent);
  function all() {
    document.querySelectorAll(SELECTOR).forEach(update);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", all);
  } else {
    all();
  }
  // StreamField renders its blocks after load: count those too once they appear.
  window.addEventListener("load", function () { window.setTimeout(all, 500); });
})();
