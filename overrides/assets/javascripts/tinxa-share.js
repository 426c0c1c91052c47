/* Sharing a post without any third-party script: Facebook's plain share link, the phone's
   own share sheet (where Zalo appears) or a copied link; and photos loaded before printing. */
(function () {
  "use strict";
  document.querySelectorAll(".tx-share").forEach(function (box) {
    var url = box.dataset.url || location.href.split("#")[0];
    var status = box.querySelector(".tx-share__status");
    box.querySelector(".tx-share__facebook").href = "https://www.facebook.com/sharer/sharer.php?u=" + encodeURIComponent(url);

    function copy(message) {
      var copied = navigator.clipboard ? navigator.clipboard.writeText(url) : Promise.reject(new Error("no clipboard"));
      copied.then(
        function () { status.textContent = message; },
        function () { window.prompt("Sao chép liên kết này:", url); }
      );
    }

    box.querySelectorAll("button").forEach(function (button) { button.hidden = false; });
    box.querySelector(".tx-share__zalo").addEventListener("click", function () {
      if (navigator.share) {
        navigator.share({ title: document.title, url: url }).catch(function () {});
      } else {
        copy("Đã sao chép liên kết. Mở Zalo và dán vào cuộc trò chuyện.");
      }
    });
    box.querySelector(".tx-share__copy").addEventListener("click", function () { copy("Đã sao chép liên kết."); });
  });

  // Lazy photos below the fold would print as empty boxes.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("img[loading=lazy]").forEach(function (img) { img.loading = "eager"; });
  });
})();
