// Tin Xã: a video block (hooks/templates/video.html) loads YouTube's player only when pressed, from
// youtube-nocookie.com, the one frame host the page's security policy allows on a page with a video.
// Without this script the block stays a link to the video on YouTube.
(function () {
  "use strict";
  if (window.tinxaVideo) return; // a page with videos in its front matter and its body loads this twice
  window.tinxaVideo = true;
  var PLAYER = "https://www.youtube-nocookie.com/embed/";

  document.addEventListener("click", function (event) {
    var start = event.target.closest ? event.target.closest(".tx-video__start") : null;
    if (!start || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    // Only the player the build wrote; anything else stays the plain link it is.
    if ((start.dataset.embed || "").indexOf(PLAYER) !== 0) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.className = "tx-video__frame";
    frame.title = start.querySelector(".tx-video__label").textContent;
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    // YouTube refuses to play an embed that does not say which site it is on: send the origin only.
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.src = start.dataset.embed;
    start.replaceWith(frame);
    frame.focus();
  });
})();
