/* Tin Xã search: loaded only when a resident starts searching (or opens the search page).
   Mirrors hooks/search.py: words are matched on their folded form (no tone marks, đ -> d);
   posts with every word rank first, then those with the query's neighbouring words side by side;
   then exact diacritics rank higher, title and tags weigh more, newer posts win ties.
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
        self.pairNames = index.pairs || [];
        return index;
      });
    }
    return this.index;
  };

  Engine.prototype.shard = function (folder, name) {
    var path = folder + "/" + name + ".json";
    if (!this.shards[path]) this.shards[path] = this.json(path);
    return this.shards[path];
  };

  // The shards of ``folder`` ("s": words, "p": pairs) that may hold ``term``: the longest shard name
  // starting it (big groups are split on more letters); for a prefix, also a few shards of longer terms.
  Engine.prototype.shardsFor = function (folder, term, isPrefix) {
    var names = folder === "p" ? this.pairNames : this.names;
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
    return Promise.all(wanted.map(function (name) { return self.shard(folder, name); }));
  };

  Engine.prototype.doc = function (number) {
    if (!this.docs[number]) this.docs[number] = this.json("d/" + number + ".json");
    return this.docs[number];
  };

  // The terms of ``shard`` a query term matches: itself, and as a prefix (an unfinished last word)
  // up to PREFIX_TERMS longer ones, the most common first. [[term, factor]].
  function matching(shard, term, isPrefix) {
    var terms = has(shard, term) ? [[term, 1]] : [];
    if (isPrefix) {
      var longer = Object.keys(shard).filter(function (t) { return t !== term && t.indexOf(term) === 0; });
      longer.sort(function (a, b) { return shard[b].length - shard[a].length; });
      longer.slice(0, PREFIX_TERMS).forEach(function (t) { terms.push([t, 0.6]); });
    }
    return terms;
  }

  // One query word -> {doc: score}. A posting lists weights per spelling; the spelling typed
  // counts twice. As a prefix the word also matches longer words (at 0.6).
  Engine.prototype.scoreWord = function (word, isPrefix) {
    var folded = key(word);
    var exact = canonicalWord(word);
    isPrefix = isPrefix && folded.length >= 2;
    return this.shardsFor("s", folded, isPrefix).then(function (shards) {
      var scores = {};
      shards.forEach(function (shard) {
        matching(shard, folded, isPrefix).forEach(function (pair) {
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

  // Two words next to each other in the query -> {doc: weight} of the posts that have them side by side.
  Engine.prototype.scorePair = function (first, second) {
    var term = key(first) + " " + key(second);
    return this.shardsFor("p", term, false).then(function (shards) {
      var scores = {};
      shards.forEach(function (shard) {
        var entry = has(shard, term) ? shard[term] : [];
        for (var i = 0; i < entry.length; i += 2) scores[entry[i]] = entry[i + 1];
      });
      return scores;
    });
  };

  // Scores of every query word and of every adjacent pair; ``prefix``: the last word may be unfinished.
  // A pair ending in an unfinished word is not looked up: it would take many pair shards, and the
  // reader is still typing it.
  Engine.prototype.scores = function (list, prefix) {
    var self = this;
    var last = list.length - 1;
    var perWord = list.map(function (w, i) { return self.scoreWord(w, prefix && i === last); });
    var pairs = list.slice(1, prefix ? last : undefined);
    var perPair = pairs.map(function (w, i) { return self.scorePair(list[i], w); });
    return Promise.all([Promise.all(perWord), Promise.all(perPair)]);
  };

  // The results of a query depend on its words alone, so the header's panel, the search page after
  // Enter and a shared link /tim-kiem/?q=... all show the same count in the same order:
  //  1. posts with every word as typed (whole words);
  //  2. if none, the last word may be unfinished ("hoi ngh", "ky thu"): it also matches longer words,
  //     and a last single letter ("thuy l") waits for more;
  //  3. if still none, posts with some of the words (said so above the list).
  Engine.prototype.search = function (query) {
    var list = words(query).slice(0, MAX_WORDS);
    if (!list.length) return Promise.resolve({ query: query, words: [], results: [], partial: false, prefix: false });
    var self = this;
    function outcome(results, prefix, partial, used) {
      return { query: query, words: used, results: results.slice(0, MAX_RESULTS), partial: partial, prefix: prefix };
    }
    return this.ready().then(function () {
      return self.scores(list, false);
    }).then(function (exact) {
      var all = rank(exact[0], exact[1], true);
      if (all.length) return outcome(all, false, false, list);
      var shorter = list.length > 1 && key(list[list.length - 1]).length < 2 ? list.slice(0, -1) : list;
      return self.scores(shorter, true).then(function (loose) {
        all = rank(loose[0], loose[1], true);
        if (all.length) return outcome(all, true, false, shorter);
        if (loose[0].length > 1) all = rank(loose[0], loose[1], false);
        return outcome(all, true, all.length > 0, shorter);
      });
    });
  };

  // Posts with more of the query's words first, then more of its adjacent pairs side by side, then weight.
  function rank(perWord, perPair, everyWord) {
    var totals = {};
    perWord.forEach(function (scores) {
      Object.keys(scores).forEach(function (doc) {
        totals[doc] = totals[doc] || { doc: +doc, score: 0, hits: 0, pairs: 0 };
        totals[doc].score += scores[doc];
        totals[doc].hits += 1;
      });
    });
    perPair.forEach(function (scores) {
      Object.keys(scores).forEach(function (doc) {
        if (!has(totals, doc)) return;
        totals[doc].score += scores[doc];
        totals[doc].pairs += 1;
      });
    });
    return Object.keys(totals).map(function (k) { return totals[k]; })
      .filter(function (t) { return !everyWord || t.hits === perWord.length; })
      .sort(function (a, b) { return b.hits - a.hits || b.pairs - a.pairs || b.score - a.score || a.doc - b.doc; });
  }

  // -- showing results -----------------------------------------------------------------------

  function matcher(queryWords, prefix) {
    var folded = queryWords.map(key);
    var last = folded.length - 1;
    return function (word) {
      var f = key(word);
      for (var i = 0; i < folded.length; i++) {
        if (f === folded[i] || (prefix && i === last && folded[i].length >= 2 && f.indexOf(folded[i]) === 0)) return true;
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
    var matches = matcher(outcome.words, outcome.prefix);
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
        : total === 0 && outcome.query.trim().length < 2
          ? "Gõ thêm chữ để tìm."
          : total === 0
          ? "Không tìm thấy bài viết nào. Hãy thử từ khác, hoặc gõ ít từ hơn."
          : (outcome.partial ? "Không có bài nào chứa đủ các từ; đây là các bài chứa một phần. " : "") +
            (total >= MAX_RESULTS ? "Hơn " + MAX_RESULTS : total) + " kết quả";
    });
  };

  // -- wiring: the header box and the search page ----------------------------------------------

  var FAILED = "Chưa tải được dữ liệu tìm kiếm. Kiểm tra kết nối mạng rồi thử lại.";

  // On a slow network the first search waits for its index: say so after a moment, not at once.
  function searching(status, onShow) {
    var timer = setTimeout(function () { status.textContent = "Đang tìm…"; if (onShow) onShow(); }, 400);
    return function () { clearTimeout(timer); };
  }

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
      var done = searching(status, function () { if (ticket === latest) panel.hidden = false; });
      engine.search(query).then(function (outcome) {
        done();
        if (ticket !== latest) return;
        more.href = form.action + "?q=" + encodeURIComponent(query.trim()); // the same query, the same results
        more.hidden = !outcome.results.length;
        return engine.render(list, outcome, 6, status).then(function () {
          if (ticket !== latest) return;
          panel.hidden = false;
          form.dataset.shown = query; // which query the panel shows (tests and benchmarks wait on it)
        });
      }).catch(function () {
        done();
        if (ticket !== latest) return;
        list.textContent = ""; // no results of an earlier query under this one's failure
        more.hidden = true;
        status.textContent = FAILED;
        panel.hidden = false;
      });
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
    // Typed, submitted or opened from a link: results depend on the words alone, so a copied
    // address shows what the reader saw (the header's panel shows the same too).
    function run() {
      var query = input.value;
      var ticket = ++latest;
      var url = new URL(location.href);
      if (query.trim()) url.searchParams.set("q", query.trim()); else url.searchParams.delete("q");
      url.searchParams.delete("dang-go"); // links from before results depended on the words alone
      history.replaceState(null, "", url);
      var done = searching(status);
      engine.search(query).then(function (result) {
        done();
        if (ticket !== latest) return;
        outcome = result;
        shown = PAGE_SIZE;
        return show();
      }).catch(function () {
        done();
        if (ticket !== latest) return;
        list.textContent = "";
        more.hidden = true;
        status.textContent = FAILED;
      });
    }
    more.addEventListener("click", function () {
      var first = shown;
      shown += PAGE_SIZE;
      // The reader goes on from the first new result (keyboard and screen reader alike).
      show().then(function () {
        var next = list.querySelectorAll(".tx-result__title")[first];
        if (next) next.focus();
      });
    });
    input.addEventListener("input", debounce(run, 120));
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    if (input.value) run();
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
