// Tin Xã: the header's menu button and search box (overrides/partials/header.html), the offline reader's
// worker and its banner. A file rather than inline scripts, so the pages' security policy allows no inline
// script of ours (hooks/policy.py).
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

  // Reading without a connection (hooks/offline.py): the worker is registered once the page has loaded,
  // so it costs the first screen nothing. The preview (empty data-worker) removes one left from a built site.
  var worker = document.currentScript && document.currentScript.dataset.worker;
  if ("serviceWorker" in navigator && worker === "") {
    // This site's worker only, and what it kept (sw.js names its caches by the site's path).
    var prefix = "tinxa-" + new URL("../../", document.currentScript.src).pathname + "-";
    navigator.serviceWorker.getRegistration().then(function (r) { if (r) r.unregister(); });
    if (window.caches) {
      caches.keys().then(function (names) {
        names.forEach(function (name) { if (name.indexOf(prefix) === 0) caches.delete(name); });
      });
    }
  } else if ("serviceWorker" in navigator && worker) {
    window.addEventListener("load", function () {
      var workers = navigator.serviceWorker, first = !workers.controller, url = new URL(worker, document.baseURI);
      workers.register(url.href, { scope: new URL("./", url).href }).catch(function () {});
      workers.ready.then(function (registration) {
        if (first) { // this page came before the worker: it keeps the page and the photos on its first screen
          var shown = [].filter.call(document.images, function (image) {
            return image.complete && image.currentSrc && image.getBoundingClientRect().top < window.innerHeight;
          });
          var photos = shown.map(function (image) { return image.currentSrc; });
          registration.active.postMessage({ type: "seen", url: location.href, photos: photos });
        }
        registration.active.postMessage({ type: "precache" }); // the newest posts (the worker skips them to save data)
      });
    });
  }

  // A page the worker served from the phone, without a connection (it marks saved copies data-tx-saved).
  var main = document.querySelector("main.md-main");
  if (main && document.documentElement.hasAttribute("data-tx-saved") && !document.querySelector(".tx-offline")) {
    var note = document.createElement("p");
    note.className = "tx-saved-note";
    note.setAttribute("role", "status");
    note.textContent = "Bạn đang xem bản đã lưu – không có kết nối mạng";
    main.insertBefore(note, main.firstChild);
  }
})();
