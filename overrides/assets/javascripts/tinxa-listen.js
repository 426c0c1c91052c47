/* Nghe bài viết: the phone reads the headline and the article aloud with its own Vietnamese voice
   (Web Speech API; nothing is loaded from anywhere). One utterance per paragraph, chained on "end",
   so the paragraph being read can be highlighted and kept in view. The button stays hidden on a
   phone without a Vietnamese voice. Figures, tables, photos and captions are not read. */
(function () {
  "use strict";

  /* Numbers and dates as a Vietnamese reader says them: "13/12/2023" → "ngày 13 tháng 12 năm 2023",
     "Sáng 13/12" → "Sáng ngày 13 tháng 12", "7h30" → "7 giờ 30", "282,66 ha" → "282 phẩy 66 héc-ta",
     "1.313" → "1313", "14/15 chỉ tiêu" → "14 trên 15 chỉ tiêu", "2021-2025" → "2021 đến 2025",
     "tạ/ha" → "tạ một héc-ta", "%" → "phần trăm", a phone number digit by digit. */
  var UNITS = {
    "km²": "ki-lô-mét vuông", km2: "ki-lô-mét vuông", "m²": "mét vuông", m2: "mét vuông", "m³": "mét khối",
    m3: "mét khối", ha: "héc-ta", km: "ki-lô-mét", cm: "xen-ti-mét", mm: "mi-li-mét", m: "mét", kg: "ki-lô-gam",
    kWh: "ki-lô-oát giờ", "đ": "đồng", "VNĐ": "đồng"
  };
  var NOT_LETTER = "(?![\\p{L}\\p{M}\\p{N}])";
  var UNIT = new RegExp("(\\d)\\s*(" + Object.keys(UNITS).join("|") + ")" + NOT_LETTER, "gu");
  // "đồng/kg", "tạ/ha", "5 kg/người": per one unit.
  var PER = new RegExp("(\\S)/(" + Object.keys(UNITS).join("|") + "|người|hộ|tháng|năm|ngày|lít|tấn|tạ|con)" + NOT_LETTER, "gu");
  // What "a/b" counts when it is a share, not a day and month: "9/9 thôn", "đạt 3/4 tiêu chí".
  var COUNTED = /^\s*(chỉ tiêu|tiêu chí|thôn|xóm|ấp|bản|tổ|khu|hộ|xã|phường|người|trường|đơn vị|nhiệm vụ|học sinh|cơ sở|chi bộ|phần|lần|phiếu|đại biểu|cử tri|công trình|dự án|mục tiêu|nội dung|ý kiến|cơ quan|tiêu chuẩn)(?![\p{L}\p{M}])/iu;
  var SHARE_BEFORE = /(đạt|được|hoàn thành|chiếm|có)\s*$/i;

  function date(earlier, day, month) {
    return (/ngày\s*$/i.test(earlier) ? "" : "ngày ") + Number(day) + " tháng " + Number(month);
  }

  function spokenSlash(all, before, a, b, c, offset, text) {
    var earlier = text.slice(0, offset) + before;
    var later = text.slice(offset + all.length);
    var isDate = Number(a) >= 1 && Number(a) <= 31 && Number(b) >= 1 && Number(b) <= 12;
    if (c !== undefined) {
      if (!isDate || c.length !== 4) return all;
      return before + date(earlier, a, b) + " năm " + c;
    }
    if (b.length === 4 && Number(a) >= 1 && Number(a) <= 12) {
      return before + (/tháng\s*$/i.test(earlier) ? "" : "tháng ") + Number(a) + " năm " + b;
    }
    var share = COUNTED.test(later) || (SHARE_BEFORE.test(earlier) && !/ngày\s*$/i.test(earlier));
    if (isDate && !share) return before + date(earlier, a, b);
    return before + a + " trên " + b; // a share: "14/15 chỉ tiêu"
  }

  // 0912 345 678, 0210.3868.123: ten or eleven digits, said one by one in their groups.
  function spokenPhone(all, before, number) {
    var digits = number.replace(/\D/g, "");
    if (digits.length < 10 || digits.length > 11) return all;
    return before + number.split(/[.\s]/).map(function (group) { return group.split("").join(" "); }).join(", ");
  }

  function spokenText(text) {
    return text
      .replace(/(^|[^\d.,])(0\d{2,3}(?:[.\s]?\d{3,4}){2})(?![\d.,]*\d)/g, spokenPhone)
      .replace(/(^|[^\d-])(\d{1,2})-(\d{1,2})-(\d{4})(?![\d-])/g, function (all, before, day, month, year) {
        return before + date(before, day, month) + " năm " + year; // 13-12-2023
      })
      // Dates and shares; not a document number such as 96/2023/QH15.
      .replace(/(^|[^\d/])(\d+)\/(\d+)(?:\/(\d+))?(?![\d/])/g, spokenSlash)
      // Times: 7h30, 11h00, 20:00, 8 giờ 00.
      .replace(/(^|[^\d:])(\d{1,2})(?::|h|\s*giờ\s*)(\d{2})(?![\d:])/g, function (all, before, hour, minute) {
        return before + Number(hour) + " giờ" + (minute === "00" ? "" : " " + minute);
      })
      .replace(/(^|[^\p{L}\d])(\d{1,2})h(?![\p{L}\p{M}\d])/gu, "$1$2 giờ")
      .replace(/(\d)\.(?=\d{3}(?!\d))/g, "$1") // thousands: 1.313 tấn
      .replace(/(\d),(?=\d)/g, "$1 phẩy ")
      .replace(/(\d)\s*%/g, "$1 phần trăm")
      .replace(/(\d)\s*[-–]\s*(?=(?:ngày )?\d)/g, "$1 đến ") // 2021-2025, 8/2 - 14/2
      .replace(PER, function (all, before, unit) { return before + " một " + (UNITS[unit] || unit); })
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
  var BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, blockquote, summary";
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

  // A numbered list's numbers come from CSS, not the text: "Bước 1" must still be said.
  function listNumber(element) {
    var list = element.parentElement;
    if (element.nodeName !== "LI" || !list || list.nodeName !== "OL") return "";
    return (Array.prototype.indexOf.call(list.children, element) + (list.start || 1)) + ". ";
  }

  function readable() {
    var headline = post.querySelector(".tx-post__header h1");
    var inBody = BLOCKS.split(", ").map(function (tag) { return ".tx-post__body " + tag; }).join(", ");
    var body = Array.prototype.filter.call(post.querySelectorAll(inBody), function (element) {
      var closed = element.closest("details:not([open])"); // what the reader cannot see but its title
      return !element.closest(NOT_READ) && (!closed || element.closest("summary"));
    });
    return [headline].concat(body).map(function (element) {
      return { element: element, text: spokenText(listNumber(element) + ownText(element)) };
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
      // Centred when it fits between the header and the player; else its start, where the voice is.
      var room = bottom - top;
      var offset = where.height < room ? (room - where.height) / 2 : 8;
      var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      window.scrollTo({ top: window.scrollY + where.top - top - offset, behavior: still ? "auto" : "smooth" });
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
    // One voice at a time: the bulletin's player (or a video's) stops when the article is read.
    document.querySelectorAll("audio, video").forEach(function (media) { media.pause(); });
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
    play.focus({ preventScroll: true }); // the stop button has just been hidden; the reader keeps their place
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
  // …and reading stops when the reader starts the bulletin's player.
  document.addEventListener("play", function () {
    if (state !== "idle") finish("Đã dừng đọc để phát bản tin.");
  }, true);
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && state === "speaking") pause();
  });
  // Leaving the page: some browsers would go on reading it over the next one.
  window.addEventListener("pagehide", function () {
    if (state !== "idle") finish("");
  });
})();
