/* Cỡ chữ: the reader's text size for articles, in steps, kept on this phone for every page and visit.
   The size lives on <html data-tx-size>, which main.html's head script sets from the same storage key
   before the first paint; tinxa.css sizes the text from it, on screen only (print keeps the default). */
(function () {
  "use strict";
  var SIZES = ["100", "115", "130", "150"];
  var KEY = "tinxa.text-size"; // also in overrides/main.html
  var root = document.documentElement;

  function step() {
    return Math.max(0, SIZES.indexOf(root.dataset.txSize));
  }

  document.querySelectorAll(".tx-textsize").forEach(function (group) {
    var smaller = group.querySelector(".tx-textsize__smaller");
    var reset = group.querySelector(".tx-textsize__default");
    var larger = group.querySelector(".tx-textsize__larger");
    var status = group.querySelector(".tx-textsize__status");

    // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
    function show() {
      var i = step();
      smaller.setAttribute("aria-disabled", String(i === 0));
      larger.setAttribute("aria-disabled", String(i === SIZES.length - 1));
      reset.setAttribute("aria-pressed", String(i === 0));
    }

    function choose(i) {
      if (i < 0 || i >= SIZES.length || i === step()) return;
      root.dataset.txSize = SIZES[i];
      try {
        localStorage.setItem(KEY, SIZES[i]);
      } catch (e) {
        // Private browsing or storage turned off: the size still applies to this page.
      }
      show();
      status.textContent = "Cỡ chữ: " + SIZES[i] + "%";
    }

    smaller.addEventListener("click", function () { choose(step() - 1); });
    reset.addEventListener("click", function () { choose(0); });
    larger.addEventListener("click", function () { choose(step() + 1); });
    // Changed in another tab of the same site: follow it.
    window.addEventListener("storage", function (event) {
      if (event.key === KEY && SIZES.indexOf(event.newValue) >= 0) {
        root.dataset.txSize = event.newValue;
        show();
      }
    });
    show();
  });
})();
