/* Sharing a post without any third-party script: Facebook's plain share link, the phone's
   own share sheet (where Zalo appears) or a copied link; an address to copy (the podcast's);
   and photos loaded before printing. */
(function () {
  "use strict";
  // The clipboard where the browser allows it, else a box the reader copies from by hand.
  function copyText(text, status, message) {
    var copied = navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject(new Error("no clipboard"));
    copied.then(
      function () { status.textContent = message; },
      function () { window.prompt("Sao chép địa chỉ này:", text); }
    );
  }

  document.querySelectorAll(".tx-copy[data-copy]").forEach(function (button) {
    var status = button.parentElement.querySelector(".tx-copy__status");
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(button.dataset.copy, status, "Đã sao chép địa chỉ. Dán vào ứng dụng podcast.");
    });
  });

  document.querySelectorAll(".tx-share").forEach(function (box) {
    var url = box.dataset.url || location.href.split("#")[0];
    var status = box.querySelector(".tx-share__status");
    box.querySelector(".tx-share__facebook").href = "https://www.facebook.com/sharer/sharer.php?u=" + encodeURIComponent(url);

    function copy(message) {
      copyText(url, status, message);
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
