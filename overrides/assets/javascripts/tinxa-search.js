/* Tin Xã search: loaded only when a resident starts searching (or opens the search page).
   Mirrors hooks/search.py: words are matched on their folded form (no tone marks, đ -> d),
   exact diacritics rank higher, title and tags weigh more, newer posts win ties.
   Everything shown is built with textContent: nothing from the index is parsed as HTML. */
(function () {
  "use strict";
  if (window.tinxaSearch) return;

  var TONE = /[\u0300\u0301\u0303\u0309\u0323]/g;
  var MARKS = /[\u0300-\u036f]/g;
  var WORD = /[\p{L}\p{N}]+/gu;
  var MAX_RESULTS = 50;
  var MAX_WORDS = 12;
  var PAGE_SIZE = 20;
  var PREFIX_TERMS = 30;

  function canonicalWord(word) {
    var decomposed = word.toLowerCase().normalize("NFD");
    var tones = decomposed.match(TONE);
    if (!tones || tones.length !== 1) return decomposed.normalize("NFC");
    var bare = decomposed.replace(TONE, "").normalize("NFC");
    var n = bare.length;
    var tail = bare.slice(n - 2);
    if (n >= 2 && (tail === "oa" || tail === "oe" || tail === "uy") && bare.slice(n - 3) !== "quy") {
      return (bare.slice(0, n - 1) + tones[0] + bare.slice(n - 1)).normalize("NFC");
    }
    return decomposed.normalize("NFC");
  }

  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(MARKS, "").normalize("NFC").toLowerCase();
  }

  // The matching key of a word (hooks/search.py folded_word): folded, final y after consonants -> i.
  function key(word) {
    return fold(word).replace(/^([bcdghklmnprstvx]+)y$/, "$1i");
  }

  function words(text) {
    return text.normalize("NFC").match(WORD) || [];
  }

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key); // "constructor" is a word, not a method
  }

  function shardName(prefix) {
    return prefix.replace(/[^a-z0-9]/g, "_");
  }

  function Engine(base) {
    this.base = base; // absolute URL of tim-kiem/
    this.root = new URL("../", base);
    this.shards = {};
    this.docs = {};
    this.index = null;
  }

  Engine.prototype.json = function (path) {
    return fetch(new URL(path, this.base)).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  };

  Engine.prototype.ready = function () {
    if (!this.index) {
      var self = this;
      this.index = this.json("index.json").then(function (index) {
        self.names = index.shards;
        return index;
      });
    }
    return this.index;
  };

  Engine.prototype.shard = function (name) {
    if (!this.shards[name]) this.shards[name] = this.json("s/" + name + ".json");
    return this.shards[name];
  };

  // The shards that may hold ``term``: the longest shard name starting it (big groups are split
  // on more letters); for a word still being typed, also a few shards of longer words.
  Engine.prototype.shardsFor = function (term, isPrefix) {
    var names = this.names;
    var wanted = [];
    for (var length = term.length; length >= 1; length--) {
      var name = shardName(term.slice(0, length));
      if (names.indexOf(name) >= 0) { wanted.push(name); break; }
    }
    if (isPrefix && term.length >= 2) {
      var longer = names.filter(function (n) { return n.length > term.length && n.indexOf(shardName(term)) === 0; });
      if (longer.length <= 4) wanted = wanted.concat(longer);
    }
    var self = this;
    return Promise.all(wanted.map(function (name) { return self.shard(name); }));
  };

  Engine.prototype.doc = function (number) {
    if (!this.docs[number]) this.docs[number] = this.json("d/" + number + ".json");
    return this.docs[number];
  };

  // One query word -> {doc: score}. The last word, still being typed, also matches longer words.
  // One query word -> {doc: score}. A posting lists weights per spelling; the spelling typed
  // counts twice. The last word, still being typed, also matches longer words (at 0.6).
  Engine.prototype.scoreWord = function (word, isPrefix) {
    var folded = key(word);
    var exact = canonicalWord(word);
    return this.shardsFor(folded, isPrefix).then(function (shards) {
      var scores = {};
      shards.forEach(function (shard) {
        var terms = [];
        if (has(shard, folded)) terms.push([folded, 1]);
        if (isPrefix && folded.length >= 2) {
          var longer = Object.keys(shard).filter(function (t) { return t !== folded && t.indexOf(folded) === 0; });
          longer.sort(function (a, b) { return shard[b].length - shard[a].length; });
          longer.slice(0, PREFIX_TERMS).forEach(function (t) { terms.push([t, 0.6]); });
        }
        terms.forEach(function (pair) {
          var entry = shard[pair[0]];
          var spelling = entry[0].indexOf(exact);
          for (var i = 1; i < entry.length; i++) {
            var posting = entry[i];
            var score = 0;
            for (var j = 1; j < posting.length; j += 2) {
              score += posting[j + 1] * (posting[j] === spelling ? 2 : 1);
            }
            score *= pair[1];
            if (!has(scores, posting[0]) || scores[posting[0]] < score) scores[posting[0]] = score;
          }
        });
      });
      return scores;
    });
  };

  // ``typing``: the last word may be unfinished (search as you type), so it also matches longer words.
  Engine.prototype.search = function (query, typing) {
    var list = words(query).slice(0, MAX_WORDS);
    if (typing && list.length > 1 && key(list[list.length - 1]).length < 2) list.pop(); // "thuy l": wait for more
    typing = typing && !/\s$/.test(query);
    if (!list.length) return Promise.resolve({ query: query, words: [], results: [], partial: false, typing: false });
    var self = this;
    return this.ready().then(function () {
      return Promise.all(list.map(function (w, i) { return self.scoreWord(w, typing && i === list.length - 1); }));
    }).then(function (perWord) {
      var all = rank(perWord, true);
      var partial = false;
      if (!all.length && perWord.length > 1) {
        all = rank(perWord, false);
        partial = all.length > 0;
      }
      return { query: query, words: list, results: all.slice(0, MAX_RESULTS), partial: partial, typing: typing };
    });
  };

  function rank(perWord, everyWord) {
    var totals = {};
    perWord.forEach(function (scores) {
      Object.keys(scores).forEach(function (doc) {
        totals[doc] = totals[doc] || { doc: +doc, score: 0, hits: 0 };
        totals[doc].score += scores[doc];
        totals[doc].hits += 1;
      });
    });
    return Object.keys(totals).map(function (k) { return totals[k]; })
      .filter(function (t) { return !everyWord || t.hits === perWord.length; })
      .sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  }

  // -- showing results -----------------------------------------------------------------------

  function matcher(queryWords, typing) {
    var folded = queryWords.map(key);
    var last = folded.length - 1;
    return function (word) {
      var f = key(word);
      for (var i = 0; i < folded.length; i++) {
        if (f === folded[i] || (typing && i === last && folded[i].length >= 2 && f.indexOf(folded[i]) === 0)) return true;
      }
      return false;
    };
  }

  // Append ``text`` to ``parent``, wrapping matched words in <mark>.
  function highlighted(parent, text, matches) {
    var re = /[\p{L}\p{N}]+/gu;
    var last = 0;
    var m;
    while ((m = re.exec(text))) {
      if (matches(m[0])) {
        parent.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        parent.appendChild(mark);
        last = m.index + m[0].length;
      }
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function snippet(text, matches) {
    var re = /[\p{L}\p{N}]+/gu;
    var m;
    var at = -1;
    while ((m = re.exec(text))) {
      if (matches(m[0])) { at = m.index; break; }
    }
    var start = Math.max(0, at < 0 ? 0 : at - 80);
    while (start > 0 && !/\s/.test(text[start - 1])) start--;
    var end = Math.min(text.length, start + 220);
    while (end < text.length && !/\s/.test(text[end])) end++;
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  Engine.prototype.render = function (list, outcome, limit, status) {
    var self = this;
    var matches = matcher(outcome.words, outcome.typing);
    var shown = outcome.results.slice(0, limit);
    return Promise.all(shown.map(function (r) { return self.doc(r.doc); })).then(function (docs) {
      list.textContent = "";
      docs.forEach(function (doc) {
        var item = element("li", "tx-result");
        var link = element("a", "tx-result__title");
        link.href = new URL(doc.u, self.root).href;
        highlighted(link, doc.t, matches);
        item.appendChild(link);
        var meta = [doc.d, doc.c].filter(Boolean).join(" · ");
        if (meta) item.appendChild(element("p", "tx-result__meta", meta));
        var text = element("p", "tx-result__snippet");
        highlighted(text, snippet(doc.x || "", matches), matches);
        item.appendChild(text);
        list.appendChild(item);
      });
      var total = outcome.results.length;
      status.textContent = !outcome.words.length
        ? (outcome.query.trim() ? "Hãy gõ chữ hoặc số để tìm." : "")
        : total === 0
          ? "Không tìm thấy bài viết nào. Hãy thử từ khác, hoặc gõ ít từ hơn."
          : (outcome.partial ? "Không có bài nào chứa đủ các từ; đây là các bài chứa một phần. " : "") +
            (total >= MAX_RESULTS ? "Hơn " + MAX_RESULTS : total) + " kết quả";
    });
  };

  // -- wiring: the header box and the search page ----------------------------------------------

  var TYPING = "dang-go"; // in a results address: the last word was still being typed

  function debounce(fn, ms) {
    var timer;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  function attachHeader(form, engine) {
    var input = form.querySelector("input[name=q]");
    var panel = element("div", "tx-search__panel");
    panel.hidden = true;
    var status = element("p", "tx-search__status");
    status.setAttribute("role", "status");
    var list = element("ol", "tx-search__results");
    var more = element("a", "tx-search__more", "Xem tất cả kết quả →");
    panel.append(status, list, more);
    form.appendChild(panel);
    var latest = 0;
    var dismissed = false; // Escape closes the panel until the reader types again
    function close() { ++latest; panel.hidden = true; }
    var run = debounce(function () {
      var query = input.value;
      if (!query.trim() || dismissed) { close(); return; }
      var ticket = ++latest;
      engine.search(query, true).then(function (outcome) {
        if (ticket !== latest) return;
        // The panel matched the last word as a prefix; the full list must show the same posts.
        more.href = form.action + "?q=" + encodeURIComponent(query.trim()) + "&" + TYPING + "=1";
        more.hidden = !outcome.results.length;
        return engine.render(list, outcome, 6, status).then(function () {
          if (ticket !== latest) return;
          panel.hidden = false;
          form.dataset.shown = query; // which query the panel shows (tests and benchmarks wait on it)
        });
      }).catch(function () { status.textContent = "Chưa tải được dữ liệu tìm kiếm. Kiểm tra kết nối mạng rồi thử lại."; panel.hidden = false; });
    }, 120);
    input.addEventListener("input", function () { dismissed = false; run(); });
    input.addEventListener("focus", function () { if (input.value.trim() && !dismissed) run(); });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { dismissed = true; close(); input.focus(); }
    });
    // Leaving the box and its results with Tab or a click closes the panel.
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) close();
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) close();
    });
    if (input.value) run();
  }

  function attachPage(container, engine) {
    var form = container.querySelector("form");
    var input = form.querySelector("input[name=q]");
    var status = container.querySelector(".tx-search-page__status");
    var list = container.querySelector(".tx-search-page__results");
    var more = element("button", "md-button tx-search-page__more", "Xem thêm kết quả");
    more.type = "button";
    more.hidden = true;
    list.after(more);
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    var latest = 0;
    var outcome = null;
    var shown = PAGE_SIZE;
    function show() {
      return engine.render(list, outcome, shown, status).then(function () {
        more.hidden = outcome.results.length <= shown;
      });
    }
    // A link or a submitted query is complete; while typing, the last word may be unfinished
    // (the page's address says so, so a copied link shows what the reader saw).
    function run(typing) {
      var query = input.value;
      var ticket = ++latest;
      var url = new URL(location.href);
      if (query.trim()) url.searchParams.set("q", query.trim()); else url.searchParams.delete("q");
      if (typing) url.searchParams.set(TYPING, "1"); else url.searchParams.delete(TYPING);
      history.replaceState(null, "", url);
      engine.search(query, typing).then(function (result) {
        if (ticket !== latest) return;
        outcome = result;
        shown = PAGE_SIZE;
        return show();
      }).catch(function () { status.textContent = "Chưa tải được dữ liệu tìm kiếm. Kiểm tra kết nối mạng rồi thử lại."; });
    }
    more.addEventListener("click", function () { shown += PAGE_SIZE; show(); });
    input.addEventListener("input", debounce(function () { run(true); }, 120));
    form.addEventListener("submit", function (event) { event.preventDefault(); run(false); });
    if (input.value) run(params.has(TYPING));
  }

  function start() {
    var page = document.querySelector(".tx-search-page");
    var header = document.querySelector("form.tx-search");
    var form = page ? page.querySelector("form") : header;
    if (!form) return;
    var engine = new Engine(new URL(form.getAttribute("action"), location.href).href);
    if (header) attachHeader(header, engine);
    if (page) attachPage(page, engine);
    window.tinxaSearch = { engine: engine, fold: fold, key: key, canonicalWord: canonicalWord };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
