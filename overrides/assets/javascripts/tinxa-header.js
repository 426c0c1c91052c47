// Tin Xã: the header's menu button and search box (overrides/partials/header.html). A file rather than
// inline scripts, so the pages' security policy allows no inline script of ours (hooks/policy.py).
(function () {
  "use strict";
  // A real button for the menu (Material's is a bare label the keyboard cannot reach).
  var button = document.querySelector(".tx-menu-button");
  var drawer = document.getElementById("__drawer");
  if (button && drawer) {
    var sync = function () { button.setAttribute("aria-expanded", drawer.checked ? "true" : "false"); };
    button.addEventListener("click", function () { drawer.click(); });
    drawer.addEventListener("change", sync);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) { drawer.click(); button.focus(); }
    });
    sync();
  }

  // The search box's code loads on first focus; until then it costs no bytes.
  var form = document.querySelector("form.tx-search");
  if (form) {
    var input = form.querySelector("input"), loaded = false;
    var load = function () {
      if (loaded) return;
      loaded = true;
      var script = document.createElement("script");
      script.src = form.dataset.script;
      document.head.appendChild(script);
    };
    input.addEventListener("focus", load);
    input.addEventListener("input", load);
    if (document.activeElement === input) load(); // focused before this deferred script ran
  }
})();
