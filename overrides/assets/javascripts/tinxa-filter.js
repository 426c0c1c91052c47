/* Filters the documents table by type, year and words (folded: "quyet dinh" finds "Quyết định"). */
(function () {
  "use strict";
  var form = document.querySelector(".tx-filter");
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll(".tx-documents tbody tr"));
  var count = document.querySelector(".tx-filter__count");
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var texts = rows.map(function (row) { return fold(row.textContent); });
  function apply() {
    var kind = form.kind.value, year = form.year.value;
    var words = fold(form.text.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row, i) {
      var visible = (!kind || row.dataset.kind === kind) && (!year || row.dataset.year === year) &&
        words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      row.hidden = !visible;
      if (visible) shown++;
    });
    count.textContent = shown + "/" + rows.length + " văn bản";
  }
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
})();
