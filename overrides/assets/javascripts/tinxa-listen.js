/* Nghe bài viết: the phone reads the headline and the article aloud with its own Vietnamese voice
   (Web Speech API; nothing is loaded from anywhere). One utterance per paragraph, chained on "end",
   so the paragraph being read can be highlighted and kept in view. The button stays hidden on a
   phone without a Vietnamese voice. Figures, tables, photos and captions are not read. */
(function () {
  "use strict";

  /* Numbers and dates as a Vietnamese reader says them: "13/12/2023" → "ngày 13 tháng 12 năm 2023",
     "282,66 ha" → "282 phẩy 66 héc-ta", "1.313" → "1313", "14/15" → "14 trên 15", "%" → "phần trăm". */
  var UNITS = {
    "km²": "ki-lô-mét vuông", km2: "ki-lô-mét vuông", "m²": "mét vuông", m2: "mét vuông", "m³": "mét khối",
    m3: "mét khối", ha: "héc-ta", km: "ki-lô-mét", cm: "xen-ti-mét", mm: "mi-li-mét", m: "mét", kg: "ki-lô-gam",
    kWh: "ki-lô-oát giờ", "đ": "đồng", "VNĐ": "đồng"
  };
  var UNIT = new RegExp("(\\d)\\s*(" + Object.keys(UNITS).join("|") + ")(?![\\p{L}\\p{M}\\p{N}])", "gu");

  function spokenSlash(all, before, a, b, c, offset, text) {
    var earlier = text.slice(0, offset) + before;
    var afterDay = /ngày\s*$/i.test(earlier);
    var isDate = Number(a) >= 1 && Number(a) <= 31 && Number(b) >= 1 && Number(b) <= 12;
    if (c !== undefined) {
      if (!isDate || c.length !== 4) return all;
      return before + (afterDay ? "" : "ngày ") + Number(a) + " tháng " + Number(b) + " năm " + c;
    }
    if (b.length === 4 && Number(a) >= 1 && Number(a) <= 12) {
      return before + (/tháng\s*$/i.test(earlier) ? "" : "tháng ") + Number(a) + " năm " + b;
    }
    if (afterDay && isDate) return before + Number(a) + " tháng " + Number(b);
    return before + a + " trên " + b; // a ratio: "14/15 chỉ tiêu"
  }

  function spokenText(text) {
    return text
      // Dates and ratios; not a document number such as 96/2023/QH15.
      .replace(/(^|[^\d/])(\d+)\/(\d+)(?:\/(\d+))?(?![\d/])/g, spokenSlash)
      .replace(/(^|[^\d:])(\d{1,2}):(\d{2})(?![\d:])/g, function (all, before, hour, minute) {
        return before + Number(hour) + " giờ" + (minute === "00" ? "" : " " + minute);
      })
      .replace(/(\d)\.(?=\d{3}(?!\d))/g, "$1") // thousands: 1.313 tấn
      .replace(/(\d),(?=\d)/g, "$1 phẩy ")
      .replace(/(\d)\s*%/g, "$1 phần trăm")
      .replace(/(\d)\s*–\s*(?=\d)/g, "$1 đến ") // 2020–2025
      .replace(UNIT, function (all, digit, unit) { return digit + " " + UNITS[unit]; })
      .replace(/\s+/g, " ")
      .trim();
  }
  window.tinxaSpokenText = spokenText; // for the tests

  var box = document.querySelector(".tx-listen");
  var synth = window.speechSynthesis;
  if (!box || !synth || !window.SpeechSynthesisUtterance) return;

  var post = box.closest(".tx-post");
  var play = box.querySelector(".tx-listen__play");
  var stop = box.querySelector(".tx-listen__stop");
  var speed = box.querySelector(".tx-listen__speed");
  var status = box.querySelector(".tx-listen__status");
  var RATE_KEY = "tinxa.listen-rate";
  var BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, blockquote";
  var NOT_READ = "figure, table, pre, aside, nav, script, template, [hidden], [aria-hidden=true], .tx-video";
  var voice = null;
  var blocks = [];
  var index = 0;
  var current = null; // the utterance being spoken; others' events are stale
  var state = "idle"; // "speaking", "paused"
  var keepAlive = 0;

  try {
    if (speed.querySelector("option[value='" + localStorage.getItem(RATE_KEY) + "']")) speed.value = localStorage.getItem(RATE_KEY);
  } catch (e) {
    // No storage: the normal speed.
  }

  // Voices arrive late on most browsers ("voiceschanged"); some never say so, hence a second look.
  function lookForVoice() {
    if (voice) return;
    var vietnamese = (synth.getVoices() || []).filter(function (v) { return /^vi([-_]|$)/i.test(v.lang); });
    voice = vietnamese.filter(function (v) { return v.localService; })[0] || vietnamese[0] || null;
    if (voice) box.hidden = false;
  }
  lookForVoice();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", lookForVoice);
  setTimeout(lookForVoice, 1500);

  // A block's own text: its inner blocks are read on their own, figures and tables not at all.
  function ownText(element) {
    var text = "";
    element.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) text += node.nodeValue;
      else if (node.nodeName === "BR") text += " ";
      else if (node.nodeType === Node.ELEMENT_NODE && !node.matches(BLOCKS + ", ul, ol, " + NOT_READ)) text += ownText(node);
    });
    return text;
  }

  function readable() {
    var headline = post.querySelector(".tx-post__header h1");
    var inBody = BLOCKS.split(", ").map(function (tag) { return ".tx-post__body " + tag; }).join(", ");
    var body = Array.prototype.filter.call(post.querySelectorAll(inBody), function (element) {
      return !element.closest(NOT_READ);
    });
    return [headline].concat(body).map(function (element) {
      return { element: element, text: spokenText(ownText(element)) };
    }).filter(function (block) { return block.text; });
  }

  function highlight(element) {
    var previous = post.querySelector(".tx-listen__current");
    if (previous) previous.classList.remove("tx-listen__current");
    if (!element) return;
    element.classList.add("tx-listen__current");
    var top = document.querySelector(".md-header").offsetHeight;
    var bottom = window.innerHeight - box.offsetHeight;
    var where = element.getBoundingClientRect();
    if (where.top < top || where.bottom > bottom) {
      var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      element.scrollIntoView({ block: "center", behavior: still ? "auto" : "smooth" });
    }
  }

  function show(next, message) {
    state = next;
    box.classList.toggle("tx-listen--on", next !== "idle");
    play.textContent = { idle: "Nghe bài", speaking: "Tạm dừng", paused: "Đọc tiếp" }[next];
    stop.hidden = speed.hidden = next === "idle";
    status.textContent = message;
  }

  function speak(i) {
    index = i;
    if (i >= blocks.length) return finish("Đã đọc hết bài.");
    highlight(blocks[i].element);
    var utterance = new SpeechSynthesisUtterance(blocks[i].text);
    utterance.lang = "vi-VN";
    utterance.voice = voice;
    utterance.rate = Number(speed.value);
    utterance.addEventListener("end", function () {
      if (utterance !== current) return;
      if (state === "speaking") speak(index + 1);
      else current = null; // ended while paused (some phones stop instead of pausing): resume reads it again
    });
    utterance.addEventListener("error", function (event) {
      if (utterance !== current) return;
      if (event.error === "interrupted" || event.error === "canceled") {
        current = null;
        if (state === "speaking") show("paused", "Đã tạm dừng.");
      } else {
        finish("Máy không đọc được bài này.");
      }
    });
    current = utterance;
    synth.speak(utterance);
  }

  function restart() {
    current = null;
    synth.cancel();
    if (synth.paused) synth.resume(); // Chrome stays paused after cancel and would not speak again
  }

  function start() {
    blocks = readable();
    restart();
    show("speaking", "Đang đọc bài.");
    // Chrome's online voices fall silent after ~15 s of one utterance unless nudged.
    if (!voice.localService) {
      keepAlive = setInterval(function () {
        if (state === "speaking" && synth.speaking) { synth.pause(); synth.resume(); }
      }, 10000);
    }
    speak(0);
  }

  function pause() {
    synth.pause();
    show("paused", "Đã tạm dừng.");
  }

  function resume() {
    show("speaking", "Đang đọc tiếp.");
    if (current && synth.paused) {
      synth.resume();
    } else {
      restart();
      speak(index);
    }
  }

  function finish(message) {
    clearInterval(keepAlive);
    restart();
    highlight(null);
    show("idle", message);
  }

  play.addEventListener("click", function () {
    if (state === "idle") start();
    else if (state === "speaking") pause();
    else resume();
  });
  stop.addEventListener("click", function () {
    finish("Đã dừng đọc.");
    play.focus(); // the stop button has just been hidden
  });
  speed.addEventListener("change", function () {
    try {
      localStorage.setItem(RATE_KEY, speed.value);
    } catch (e) {
      // No storage: this page only.
    }
    // A voice cannot change speed mid-sentence: the paragraph starts again at the new speed.
    if (state === "speaking") {
      restart();
      speak(index);
    } else if (state === "paused") {
      restart();
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && state === "speaking") pause();
  });
  // Leaving the page: some browsers would go on reading it over the next one.
  window.addEventListener("pagehide", function () {
    if (state !== "idle") finish("");
  });
})();
