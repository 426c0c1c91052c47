/* Opens a post's photo gallery in GLightbox (vendored), with Vietnamese labels.
   Captions come from the page's own escaped <figcaption> elements (data-description=".class"),
   never from attributes, because GLightbox inserts descriptions as HTML. */
(function () {
  "use strict";
  var container =
    '<div id="glightbox-body" class="glightbox-container" tabindex="-1" role="dialog" aria-label="Xem ảnh" aria-hidden="false">' +
    '<div class="gloader visible"></div><div class="goverlay"></div><div class="gcontainer">' +
    '<div id="glightbox-slider" class="gslider"></div>' +
    '<button class="gclose gbtn" aria-label="Đóng" data-taborder="3">{closeSVG}</button>' +
    '<button class="gprev gbtn" aria-label="Ảnh trước" data-taborder="2">{prevSVG}</button>' +
    '<button class="gnext gbtn" aria-label="Ảnh sau" data-taborder="1">{nextSVG}</button>' +
    "</div></div>";
  if (typeof window.GLightbox !== "function" || !document.querySelector(".tx-lightbox")) {
    return;
  }
  window.tinxaLightbox = window.GLightbox({
    selector: ".tx-lightbox",
    lightboxHTML: container,
    touchNavigation: true,
    keyboardNavigation: true,
    loop: false,
    zoomable: false,
    descPosition: "bottom",
    moreText: "Xem thêm",
  });
})();
