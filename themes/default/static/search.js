/* shuyuan search engine. A classic script (no modules, no fetch, no workers),
   so it runs from file:// as well as over http. Index files are scripts too,
   loaded on demand with <script> tags; each calls back into __shuyuan.
   The normalisation below is the twin of src/search/normalize.rs. */
(function () {
  'use strict';
  var S = window.__shuyuan = window.__shuyuan || {};
  if (S.search) return;

  var root = document.documentElement.getAttribute('data-root') || '';
  var END = ' ';

  /* ---- loading index files through script tags ---- */
  var waiting = {};
  var loaded = {};
  S.bytes = 0; // characters of index files loaded, for the benchmark

  function load(path) {
    if (loaded[path]) return loaded[path];
    loaded[path] = new Promise(function (resolve, reject) {
      waiting[path] = resolve;
      var s = document.createElement('script');
      s.src = root + 'search/' + path;
      s.async = true;
      s.onerror = function () { reject(new Error('cannot load search/' + path)); };
      s.onload = function () { if (waiting[path]) { waiting[path](); delete waiting[path]; } };
      document.head.appendChild(s);
    });
    return loaded[path];
  }
  function arrived(path, size) {
    S.bytes += size;
    if (waiting[path]) { waiting[path](); delete waiting[path]; }
  }

  var dir = null;
  var shards = {};
  var facets = null;
  var fragments = {};
  var t2s = {};

  S.index = function (d) { dir = d; arrived('index.js', JSON.stringify(d).length); };
  S.t2s = function (pairs) {
    var cs = Array.from(pairs);
    for (var i = 0; i + 1 < cs.length; i += 2) t2s[cs[i]] = cs[i + 1];
    arrived('t2s.js', pairs.length * 3);
  };
  S.shard = function (n, list) {
    var m = new Map();
    var size = 0;
    for (var i = 0; i + 1 < list.length; i += 2) { m.set(list[i], list[i + 1]); size += list[i + 1].length + 8; }
    shards[n] = m;
    arrived('s/' + n + '.js', size);
  };
  S.pages = function (str) {
    var v = decode(str);
    var kind = [], year = [], len = [], tlen = [], topics = [];
    for (var i = 0; i < v.length;) {
      kind.push(v[i++]); year.push(v[i++]); len.push(v[i++]); tlen.push(v[i++]);
      var n = v[i++], t = [];
      for (var j = 0; j < n; j++) t.push(v[i++]);
      topics.push(t);
    }
    facets = { kind: kind, year: year, len: len, tlen: tlen, topics: topics };
    arrived('pages.js', str.length);
  };
  S.page = function (i, f) {
    fragments[i] = f;
    arrived('p/' + i + '.js', JSON.stringify(f).length * 2);
  };

  /* ---- numbers: 5-bit varint digits written with the base64 letters ---- */
  var ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  var VALUE = {};
  for (var a = 0; a < 64; a++) VALUE[ALPHA.charCodeAt(a)] = a;
  function decode(s) {
    var out = [], n = 0;
    for (var i = 0; i < s.length; i++) {
      var v = VALUE[s.charCodeAt(i)];
      n = n * 32 + (v & 31);
      if (v < 32) { out.push(n); n = 0; }
    }
    return out;
  }

  /* ---- normalisation: per character NFKC, lowercase, Traditional → Simplified ---- */
  var WORD = /[\p{L}\p{N}]/u;
  function normChar(c) {
    var code = c.codePointAt(0);
    if (code < 128) return c.toLowerCase();
    if (code >= 0x4E00 && code <= 0x9FFF) return t2s[c] || c;
    var n = c.normalize('NFKC');
    var out = '';
    for (var ch of n) {
      for (var l of ch.toLowerCase()) out += t2s[l] || l;
    }
    return out;
  }
  function normalize(text) {
    var out = [];
    for (var c of text) for (var n of normChar(c)) out.push(n);
    return out;
  }
  function isWord(c) { return WORD.test(c); }
  /* The words of a text after normalisation; the same as normalize::terms in Rust. */
  function terms(text) {
    var out = [], cur = '';
    normalize(text).forEach(function (c) {
      if (isWord(c)) cur += c; else if (cur) { out.push(cur); cur = ''; }
    });
    if (cur) out.push(cur);
    return out;
  }

  /* ---- the index ---- */
  function shardOf(key) {
    var lo = 0, hi = dir.shards.length - 1, best = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (dir.shards[mid] <= key) { best = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return best;
  }
  function ensureShards(first, last) {
    var jobs = [];
    for (var n = first; n <= last; n++) if (!shards[n]) jobs.push(load('s/' + n + '.js'));
    return Promise.all(jobs);
  }
  /* Postings of one key: Map page → sorted positions. */
  function postings(key) {
    var m = new Map();
    var s = shards[shardOf(key)];
    var str = s && s.get(key);
    if (!str) return m;
    var v = decode(str), page = 0;
    for (var i = 0; i < v.length;) {
      page += v[i++];
      var count = v[i++], pos = new Array(count), p = 0;
      for (var j = 0; j < count; j++) { p += v[i++]; pos[j] = p; }
      m.set(page, pos);
      page += 1;
    }
    return m;
  }
  function has(sorted, x) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === x) return true;
      if (sorted[mid] < x) lo = mid + 1; else hi = mid - 1;
    }
    return false;
  }

  /* The bigrams (and their offsets) that pin a word down exactly: every
     other one, plus the last, so that together they cover every character. */
  function cover(chars) {
    var out = [];
    for (var o = 0; o + 1 < chars.length; o += 2) out.push(o);
    if (chars.length > 1 && out[out.length - 1] !== chars.length - 2) out.push(chars.length - 2);
    return out.map(function (o) { return { key: chars[o] + chars[o + 1], offset: o }; });
  }

  /* Every page containing `word` (normalised, word characters only), with
     the positions where it starts. Exact: the covering bigrams must sit at
     the right offsets from one another. */
  function findWord(word) {
    var chars = Array.from(word);
    if (chars.length === 1) {
      var c = chars[0];
      var lastKey = c + '\uffff';
      return ensureShards(shardOf(c + END), shardOf(lastKey)).then(function () {
        var result = new Map();
        for (var n = shardOf(c + END); n <= shardOf(lastKey); n++) {
          shards[n].forEach(function (_, key) {
            if (Array.from(key)[0] !== c) return;
            postings(key).forEach(function (pos, page) {
              var list = result.get(page) || [];
              result.set(page, list.concat(pos));
            });
          });
        }
        result.forEach(function (list) { list.sort(function (a, b) { return a - b; }); });
        return result;
      });
    }
    var parts = cover(chars);
    var needed = parts.map(function (p) { return shardOf(p.key); });
    return Promise.all(needed.map(function (n) { return ensureShards(n, n); })).then(function () {
      var lists = parts.map(function (p) { return postings(p.key); });
      var result = new Map();
      lists[0].forEach(function (pos0, page) {
        var others = [];
        for (var k = 1; k < lists.length; k++) {
          var l = lists[k].get(page);
          if (!l) return;
          others.push(l);
        }
        var starts = pos0.filter(function (p) {
          for (var k = 1; k < parts.length; k++) if (!has(others[k - 1], p + parts[k].offset)) return false;
          return true;
        });
        if (starts.length) result.set(page, starts);
      });
      return result;
    });
  }

  /* Pages that hold every bigram of a word, anywhere: the looser tier. */
  function findLoose(word) {
    var chars = Array.from(word);
    var keys = [];
    for (var i = 0; i + 1 < chars.length; i++) keys.push(chars[i] + chars[i + 1]);
    return Promise.all(keys.map(function (k) { var n = shardOf(k); return ensureShards(n, n); })).then(function () {
      var lists = keys.map(postings);
      var result = new Map();
      lists[0].forEach(function (pos, page) {
        for (var k = 1; k < lists.length; k++) if (!lists[k].has(page)) return;
        result.set(page, pos);
      });
      return result;
    });
  }

  /* A term is one or more words that must follow one another, separated by
     one non-word character (a quoted phrase) or a single word. */
  function findTerm(term, loose) {
    return Promise.all(term.words.map(loose ? findLoose : findWord)).then(function (found) {
      if (found.length === 1) return found[0];
      var result = new Map();
      found[0].forEach(function (starts, page) {
        var ok = starts.filter(function (p) {
          var at = p;
          for (var k = 1; k < found.length; k++) {
            var next = found[k].get(page);
            at += Array.from(term.words[k - 1]).length + 1;
            if (!next || !has(next, at)) return false;
          }
          return true;
        });
        if (ok.length) result.set(page, ok);
      });
      return result;
    });
  }

  /* ---- queries: words must all occur; "a phrase" is exact; -word excludes ---- */
  function parse(q) {
    var out = [];
    var re = /(-?)"([^"]*)"?|(-?)(\S+)/g, m;
    q = q.replace(/[“”＂]/g, '"');
    while ((m = re.exec(q))) {
      var exclude = !!(m[1] || m[3]);
      var text = m[2] !== undefined ? m[2] : m[4];
      var words = terms(text);
      if (!words.length) continue;
      if (m[2] !== undefined) out.push({ words: words, exclude: exclude, text: text });
      else words.forEach(function (w) { out.push({ words: [w], exclude: exclude, text: w }); });
    }
    return out;
  }

  function ready() {
    var jobs = [];
    if (!dir) jobs.push(load('index.js'));
    jobs.push(load('t2s.js'));
    return Promise.all(jobs);
  }

  /* Runs a query. Resolves to { hits: [{page, score, matches}], loose, terms }. */
  function search(q, wantFacets) {
    return ready().then(function () {
      var parsed = parse(q);
      var include = parsed.filter(function (t) { return !t.exclude; });
      var exclude = parsed.filter(function (t) { return t.exclude; });
      if (!include.length) return { hits: [], loose: false, terms: parsed };
      var needFacets = wantFacets !== false && !facets ? load('pages.js') : Promise.resolve();
      return needFacets.then(function () {
        return run(include, exclude, false).then(function (r) {
          if (r.length || !include.some(function (t) { return t.words.some(function (w) { return Array.from(w).length > 2; }); })) {
            return { hits: r, loose: false, terms: parsed };
          }
          return run(include, exclude, true).then(function (l) { return { hits: l, loose: true, terms: parsed }; });
        });
      });
    });
  }

  function run(include, exclude, loose) {
    return Promise.all(include.map(function (t) { return findTerm(t, loose); })).then(function (found) {
      return Promise.all(exclude.map(function (t) { return findTerm(t, false); })).then(function (excluded) {
        var bySize = found.slice().sort(function (a, b) { return a.size - b.size; });
        var pages = [];
        bySize[0].forEach(function (_, page) {
          for (var k = 1; k < bySize.length; k++) if (!bySize[k].has(page)) return;
          for (var e = 0; e < excluded.length; e++) if (excluded[e].has(page)) return;
          pages.push(page);
        });
        return rank(pages, include, found, loose);
      });
    });
  }

  /* BM25 over pages, with matches in the title worth more, an exact title
     first, and terms that stand close together ranked higher. */
  function rank(pages, include, found, loose) {
    var N = dir.pages, k1 = 1.2, b = 0.75;
    var avg = 0;
    if (facets) { for (var i = 0; i < facets.len.length; i++) avg += facets.len[i]; avg /= facets.len.length || 1; }
    var q = include.map(function (t) { return t.words.join(' '); }).join(' ');
    return pages.map(function (page) {
      var score = 0, matches = [];
      var len = facets ? facets.len[page] : avg || 1;
      var tlen = facets ? facets.tlen[page] : 0;
      found.forEach(function (m) {
        var pos = m.get(page);
        var df = m.size;
        var idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
        var inTitle = pos.filter(function (p) { return p < tlen; }).length;
        var tf = pos.length + 4 * inTitle;
        score += idf * (tf * (k1 + 1)) / (tf + k1 * (1 - b + b * len / (avg || 1)));
        matches.push(pos);
      });
      if (found.length > 1) {
        var best = Infinity;
        for (var x = 0; x + 1 < matches.length; x++) best = Math.min(best, closest(matches[x], matches[x + 1]));
        score *= 1 + 1 / (1 + best / 8);
      }
      if (tlen && matches.every(function (pos) { return pos[0] === 0; }) && Array.from(q).length === tlen) score += 1000;
      return { page: page, score: loose ? score / 2 : score, matches: matches };
    }).sort(function (a, b) { return b.score - a.score || a.page - b.page; });
  }
  function closest(a, b) {
    var i = 0, j = 0, best = Infinity;
    while (i < a.length && j < b.length) {
      best = Math.min(best, Math.abs(a[i] - b[j]));
      if (a[i] < b[j]) i++; else j++;
    }
    return best;
  }

  /* ---- what a result shows: page, sections, snippets ---- */
  function fragment(page) {
    if (fragments[page]) return Promise.resolve(fragments[page]);
    return load('p/' + page + '.js').then(function () { return fragments[page]; });
  }

  /* Maps positions in the normalised text to indexes of original characters. */
  function originalIndex(chars) {
    var map = [];
    chars.forEach(function (c, i) { var n = Array.from(normChar(c)).length; for (var k = 0; k < n; k++) map.push(i); });
    map.push(chars.length);
    return map;
  }

  var SNIPPET_RADIUS = 36;
  var MAX_SNIPPETS = 2;

  /* The sections a hit falls in, best first, each with one snippet: an array
     of [text, highlighted] pieces. */
  function describe(hit, words) {
    return fragment(hit.page).then(function (f) {
      var chars = Array.from(f.x);
      var map = originalIndex(chars);
      var lengths = words.map(function (w) { return Array.from(w).length; });
      var ranges = [];
      hit.matches.forEach(function (pos, t) {
        pos.forEach(function (p) { ranges.push([map[p], map[Math.min(p + lengths[t], map.length - 1)]]); });
      });
      ranges.sort(function (a, b) { return a[0] - b[0]; });
      var bySection = new Map();
      ranges.forEach(function (r) {
        var s = -1;
        for (var i = 0; i < f.s.length; i++) if (f.s[i][0] <= r[0]) s = i;
        if (!bySection.has(s)) bySection.set(s, []);
        bySection.get(s).push(r);
      });
      var sections = Array.from(bySection.entries()).sort(function (a, b) { return b[1].length - a[1].length; });
      return {
        page: hit.page, title: f.t, url: f.u, date: f.d,
        sections: sections.slice(0, MAX_SNIPPETS).map(function (e) {
          var s = e[0] >= 0 ? f.s[e[0]] : null;
          return { anchor: s ? s[1] : '', title: s ? s[2] : '', snippet: snippet(chars, e[1]) };
        })
      };
    });
  }
  function snippet(chars, ranges) {
    var start = Math.max(0, ranges[0][0] - SNIPPET_RADIUS);
    var end = Math.min(chars.length, ranges[0][1] + SNIPPET_RADIUS * 2);
    var pieces = [], at = start;
    ranges.forEach(function (r) {
      if (r[0] < at || r[1] > end) return;
      pieces.push([chars.slice(at, r[0]).join(''), false]);
      pieces.push([chars.slice(r[0], r[1]).join(''), true]);
      at = r[1];
    });
    pieces.push([chars.slice(at, end).join(''), false]);
    if (start > 0) pieces[0][0] = '…' + pieces[0][0].replace(/^\S*\s/, '');
    if (end < chars.length) pieces[pieces.length - 1][0] += '…';
    pieces.forEach(function (p) { p[0] = p[0].replace(/\s+/g, ' '); });
    return pieces;
  }

  S.search = search;
  S.describe = describe;
  S.parse = parse;
  S.terms = terms;
  S.normalize = function (t) { return normalize(t).join(''); };
  S.facets = function () { return facets; };
  S.directory = function () { return dir; };
  S.ready = ready;
  S.loadPage = fragment;
  if (S.onload) S.onload.forEach(function (f) { f(); });
})();
