// Tin Xã: the offline page (hooks/templates/offline.html) lists the pages saved on this phone, read from
// the offline reader's caches (hooks/templates/sw.js keeps each page's title in X-Tinxa-Title), newest first.
(function () {
  "use strict";
  var list = document.querySelector(".tx-offline__saved");
  if (!list || !window.caches) return;
  var skip = [new URL(list.dataset.home, document.baseURI).href, new URL(list.dataset.self, document.baseURI).href];
  var site = document.querySelector(".md-header__topic .md-ellipsis");
  var suffix = site ? " - " + site.textContent.trim() : null; // Material titles pages "Title - Site name"

  var entries = function (cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.map(function (request) {
        return cache.match(request).then(function (response) {
          var title = response && response.headers.get("X-Tinxa-Title");
          return title ? { url: request.url, title: title, time: Number(response.headers.get("X-Tinxa-Time")) } : null;
        });
      }));
    });
  };

  caches.keys().then(function (names) {
    // This site's caches only (sw.js names them by the site's path: sites on one github.io share caches).
    var prefix = "tinxa-" + new URL(list.dataset.home, document.baseURI).pathname + "-";
    var ours = names.filter(function (name) { return name.indexOf(prefix) === 0; });
    return Promise.all(ours.map(function (name) { return caches.open(name).then(entries); }));
  }).then(function (groups) {
    var seen = {};
    var pages = [].concat.apply([], groups).filter(function (page) {
      if (!page || seen[page.url] || skip.indexOf(page.url) >= 0) return false;
      seen[page.url] = true;
      return true;
    });
    pages.sort(function (a, b) { return b.time - a.time; });
    pages.forEach(function (page) {
      // Titles are kept as the page wrote them (HTML-escaped); the parser reads them as text, runs nothing.
      var title = new DOMParser().parseFromString(decodeURIComponent(page.title), "text/html").documentElement.textContent;
      if (suffix && title.length > suffix.length && title.slice(-suffix.length) === suffix) title = title.slice(0, -suffix.length);
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = page.url;
      link.textContent = title;
      item.appendChild(link);
      list.appendChild(item);
    });
  });
})();
