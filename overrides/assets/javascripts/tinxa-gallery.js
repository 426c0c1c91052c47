/* Opens a post's photo gallery, or an album of the photo library (one data-gallery group each), in
   GLightbox (vendored), with Vietnamese labels.
   Captions come from the page's own escaped elements (data-description=".class": a <figcaption> on a post,
   a hidden <p> in the library),
   never from attributes, because GLightbox inserts descriptions as HTML. */
(function () {
  "use strict";
  var container =
    '<div id="glightbox-body" class="glightbox-container" tabindex="-1" role="dialog" aria-modal="true" aria-label="Xem ảnh" aria-hidden="false">' +
    '<div class="gloader visible"></div><div class="goverlay"></div><div class="gcontainer">' +
    '<div id="glightbox-slider" class="gslider"></div>' +
    '<button class="gclose gbtn" aria-label="Đóng" data-taborder="3">{closeSVG}</button>' +
    '<button class="gprev gbtn" aria-label="Ảnh trước" data-taborder="2">{prevSVG}</button>' +
    '<button class="gnext gbtn" aria-label="Ảnh sau" data-taborder="1">{nextSVG}</button>' +
    '<p class="tx-lightbox__count" aria-live="polite"></p>' +
    "</div></div>";
  if (typeof window.GLightbox !== "function" || !document.querySelector(".tx-lightbox")) {
    return;
  }
  // GLightbox's stylesheet comes with this (deferred) script rather than as a <link> in the page, so it
  // never holds up the first paint; it is needed only once a reader opens a photo.
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = new URL("../vendor/glightbox/glightbox.min.css", document.currentScript.src).href;
  document.head.appendChild(css);
  // Keyboard users: focus moves into the viewer when it opens and back to the photo when it closes.
  var opener = null;
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".tx-lightbox");
    if (link) opener = link;
  }, true);
  var lightbox = window.GLightbox({
    selector: ".tx-lightbox",
    lightboxHTML: container,
    touchNavigation: true,
    keyboardNavigation: true,
    loop: false,
    zoomable: false,
    descPosition: "bottom",
    moreLength: 0, // a caption is shown whole (it scrolls if long), not cut after 60 characters on phones
  });
  lightbox.on("open", function () {
    var close = document.querySelector("#glightbox-body .gclose");
    if (close) close.focus();
  });
  // Which photo of how many: an album may hold forty, and a phone shows no thumbnails.
  // Said as the slide starts to move (and for the first photo, once it is shown).
  function countPhoto(change) {
    var count = document.querySelector("#glightbox-body .tx-lightbox__count");
    var total = lightbox.elements.length;
    if (count) count.textContent = total > 1 ? "Ảnh " + (change.current.index + 1) + "/" + total : "";
  }
  lightbox.on("slide_before_change", countPhoto);
  lightbox.on("slide_changed", countPhoto);
  lightbox.on("close", function () {
    if (opener) opener.focus();
  });
  window.tinxaLightbox = lightbox;
})();
