/* shuyuan search engine. A classic script (no modules, no fetch, no workers),
   so it runs from file:// as well as over http. Index files are scripts too,
   loaded on demand with <script> tags; each calls back into __shuyuan.
   The normalisation below is the twin of src/search/normalize.rs. */
(function () {
  'use strict';
  var S = window.__shuyuan = window.__shuyuan || {};
  if (S.search) return;

  /* The callbacks of the index files, by the names Rust gives them (Call in
     src/search/files.rs), and the number encodings: both from site.js. */
  var calls = S.calls, N = S.numbers, varint = N.varint, riceReader = N.riceReader, decode = N.letters;
  /* What the index is built with, from its directory (src/search/directory.rs,
     where each is defined once): positions below BODY_START are in a page's
     title; JOINERS join words into one query string; END is the second
     character of a word end's key; HEADS_PER_FILE pages share a heads file;
     the filters' table holds year (from YEAR_BASE) times KINDS plus kind. */
  var BODY_START, JOINERS, END, HEADS_PER_FILE, YEAR_BASE, KINDS;

  /* ---- loading index files through script tags ---- */
  var waiting = {};
  var loaded = {};

  function load(path) {
    if (loaded[path]) return loaded[path];
    loaded[path] = new Promise(function (resolve, reject) {
      waiting[path] = resolve;
      /* Over http, the directory is always fetched afresh, and every other
         file with the directory's id, so that no file cached from an
         earlier build is read with it. (From file:// the query is ignored.) */
      var query = path === 'index.js' ? '?t=' + Date.now() : dir ? '?v=' + dir.id : '';
      /* A packed file has made its call once unpacked (site.js, S.z). */
      S.script('search/' + path, query).then(function () { return S.unpacking && S.unpacking[path]; }).then(function () {
        if (S.unpacking) delete S.unpacking[path];
        arrived(path);
      }, reject);
    });
    return loaded[path];
  }
  function arrived(path) {
    if (waiting[path]) { waiting[path](); delete waiting[path]; }
  }

  var dir = null;
  var shards = {};
  var facets = null;
  var fragments = {};
  /* The Traditional table (t2s.js), loaded only when it could matter:
     with the first query when the library's texts need it (the directory
     says so), else once a query looks up a key the index does not hold
     (see search). `misses` counts those lookups. */
  var t2s = {}, table = false, misses = 0;

  /* Keys of two characters, written one after the other. */
  function pairsOf(str) {
    var cs = Array.from(str), keys = [];
    for (var i = 0; i + 1 < cs.length; i += 2) keys.push(cs[i] + cs[i + 1]);
    return keys;
  }
  calls.index = function (d) {
    d.parts.forEach(function (p, n) {
      p.n = n;
      p.shards = pairsOf(p.shards);
      p.find = within(p);
    });
    BODY_START = d.body_start;
    JOINERS = d.joiners;
    END = d.end;
    HEADS_PER_FILE = d.heads_per_file;
    YEAR_BASE = d.year_base;
    KINDS = d.kinds;
    dir = d;
    arrived('index.js');
  };
  calls.t2s = function (str) {
    N.pairs(str).forEach(function (p) { t2s[String.fromCodePoint(p[0])] = String.fromCodePoint(p[1]); });
    table = true;
    /* Characters normalised before the table came may map now. */
    normCache.clear();
    arrived('t2s.js');
  };
  /* The first keys of a list of shards: d/n.js holds those of the shards
     of its part from (n less the part's first list) times dir.shards_per_list. */
  var shardLists = {};
  calls.shardList = function (n, str) {
    shardLists[n] = pairsOf(str);
    arrived('d/' + n + '.js');
  };
  /* A shard: per key, its two characters (code points), flags (1: heavy,
     2: its positions are in a group, 4: the parts that hold it follow, 16:
     its leads follow, 8: this part does not hold it), the group or where
     its position chunks start, and its page list; see shards::files in
     Rust. Leads: later parts' pages whose title, or its distinctive part,
     starts with the key and is short, with that length (titles.rs, Leads). */
  calls.shard = function (n, bytes) {
    var m = new Map(), at = { i: 0 };
    while (at.i < bytes.length) {
      var key = String.fromCodePoint(varint(bytes, at)) + String.fromCodePoint(varint(bytes, at));
      var flags = bytes[at.i++], e = { n: n, k: m.size, heavy: !!(flags & 1), group: null, starts: [0], parts: null, absent: !!(flags & 8) };
      if (flags & 4) {
        var len = varint(bytes, at);
        e.parts = bytes.subarray(at.i, at.i + len);
        at.i += len;
      }
      if (flags & 16) {
        e.leads = [];
        for (var l = varint(bytes, at), page = 0; l > 0; l--) { page += varint(bytes, at); e.leads.push({ page: page, length: bytes[at.i++] }); }
      }
      if (e.absent) { m.set(key, e); continue; }
      if (flags & 2) e.group = varint(bytes, at);
      else for (var c = varint(bytes, at); c > 0; c--) e.starts.push(varint(bytes, at));
      e.list = pageListAt(bytes, at);
      m.set(key, e);
    }
    shards[n] = m;
    arrived('s/' + n + '.js');
  };
  var positionData = {};
  /* A positions file: per key, its two characters (code points), its two
     Rice parameters, the length of its data, the data (Rice codes); see
     push_positions in Rust. */
  calls.positions = function (id, bytes) {
    var m = positionData[id] = new Map(), at = { i: 0 };
    while (at.i < bytes.length) {
      var key = String.fromCodePoint(varint(bytes, at)) + String.fromCodePoint(varint(bytes, at));
      var first = bytes[at.i++], gap = bytes[at.i++];
      var len = varint(bytes, at);
      m.set(key, { first: first, gap: gap, data: bytes.subarray(at.i, at.i + len) });
      at.i += len;
    }
    arrived('q/' + id + '.js');
  };
  calls.pages = function (str) {
    var v = decode(str);
    var kind = [], year = [], topics = [];
    for (var i = 0; i < v.length;) {
      var ky = v[i++];
      kind.push(ky % KINDS);
      year.push(ky >= KINDS ? Math.floor(ky / KINDS) - 1 + YEAR_BASE : 0);
      var n = v[i++], t = [];
      for (var j = 0; j < n; j++) t.push(v[i++]);
      topics.push(t);
    }
    facets = { kind: kind, year: year, topics: topics };
    arrived('pages.js');
  };
  /* Page lists of 3- and 4-character strings that hold a heavy bigram
     (src/search/grams.rs): a directory for each part (the number of its
     first shard, and the first string of each), then shards loaded as needed. */
  var gramDirs = {}, gramShards = {};
  calls.gramIndex = function (n, first, keys) { gramDirs[n] = { first: first, keys: keys }; arrived('g/index-' + n + '.js'); };
  calls.grams = function (n, bytes) {
    var m = new Map(), at = { i: 0 };
    while (at.i < bytes.length) {
      var gram = '';
      for (var c = bytes[at.i++]; c > 0; c--) gram += String.fromCodePoint(varint(bytes, at));
      m.set(gram, pageListAt(bytes, at));
    }
    gramShards[n] = m;
    arrived('g/' + n + '.js');
  };
  /* Title prefixes many pages of a part share, and each of its page's title
     length in half a byte (src/search/titles.rs), by part. */
  var titleInfos = {};
  calls.titles = function (n, bytes) {
    var at = { i: 0 }, prefixes = [];
    for (var count = varint(bytes, at); count > 0; count--) {
      var p = '';
      for (var c = varint(bytes, at); c > 0; c--) p += String.fromCodePoint(varint(bytes, at));
      prefixes.push(p);
    }
    var lengths = bytes.subarray(at.i);
    titleInfos[n] = { prefixes: prefixes, length: function (page) { return lengths[page >> 1] >> (page & 1) * 4 & 15; } };
    arrived('titles-' + n + '.js');
  };
  var heads = {};
  /* Heads come HEADS_PER_FILE to a file: h/n.js holds pages from n times it. */
  calls.heads = function (n, list) {
    list.forEach(function (h, k) { heads[n * HEADS_PER_FILE + k] = h; });
    arrived('h/' + n + '.js');
  };
  calls.text = function (i, x) { fragments[i] = x; };

  /* ---- normalisation: per character NFKC, lowercase, Traditional → Simplified ---- */
  var WORD = /[\p{L}\p{N}]/u;
  var normCache = new Map();
  function normChar(c) {
    var code = c.codePointAt(0);
    if (code < 128) return c.toLowerCase();
    if (code >= 0x4E00 && code <= 0x9FFF) return t2s[c] || c;
    var known = normCache.get(c);
    if (known !== undefined) return known;
    var n = c.normalize('NFKC');
    var out = '';
    for (var ch of n) {
      for (var l of ch.toLowerCase()) out += t2s[l] || l;
    }
    normCache.set(c, out);
    return out;
  }
  function normalize(text) {
    var out = [];
    for (var c of text) for (var n of normChar(c)) out.push(n);
    return out;
  }
  function isWord(c) { return WORD.test(c); }
  /* A joiner (normalize.rs JOINERS) between two word characters of `chars`, at i. */
  function joins(chars, i) {
    return JOINERS.indexOf(chars[i]) >= 0 && i > 0 && isWord(chars[i - 1]) && i + 1 < chars.length && isWord(chars[i + 1]);
  }
  /* The words of a text after normalisation; the same as normalize::terms in
     Rust. With `joined`, a joiner between two word characters stays in its
     word, as normalize::query_words keeps it: what a query searches for. */
  function terms(text, joined) {
    var out = [], cur = '', chars = normalize(text);
    chars.forEach(function (c, i) {
      if (isWord(c) || (joined && joins(chars, i))) cur += c; else if (cur) { out.push(cur); cur = ''; }
    });
    if (cur) out.push(cur);
    return out;
  }
  function queryWords(text) { return terms(text, true); }

  /* ---- the index ---- */
  /* The shard whose first key is the last one at or before `key`. */
  function shardIn(firstKeys, key) {
    var lo = 0, hi = firstKeys.length - 1, best = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (firstKeys[mid] <= key) { best = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return best;
  }
  /* Map page → match (count, in the title, no positions) of a page list. */
  function matchesOf(d) {
    var m = new Map();
    d.pages.forEach(function (page, i) { m.set(page, { tf: d.counts[i], title: d.title[i], pos: null }); });
    return m;
  }
  /* A page list (Rust: PageList): the number of pages, two Rice
     parameters, the length of the data, then per page the gap from the
     previous page and the count less one, doubled, plus one when it occurs
     in the title. Read where it stands; decoded when first needed. */
  function pageListAt(bytes, at) {
    var l = { count: varint(bytes, at), gap: bytes[at.i], more: bytes[at.i + 1] };
    at.i += 2;
    var len = varint(bytes, at);
    l.data = bytes.subarray(at.i, at.i + len);
    at.i += len;
    return l;
  }
  /* Pages count from `first`, the first page of the list's part. */
  function decodePageList(l, first) {
    var read = riceReader(l.data), pages = [], counts = [], title = [], page = first;
    for (var i = 0; i < l.count; i++) {
      page += read(l.gap);
      var v = read(l.more);
      pages.push(page); counts.push((v >> 1) + 1); title.push(v & 1);
      page += 1;
    }
    return { pages: pages, counts: counts, title: title };
  }
  function ensureShards(first, last) {
    var jobs = [];
    for (var n = first; n <= last; n++) if (!shards[n]) jobs.push(load('s/' + n + '.js'));
    return Promise.all(jobs);
  }
  /* A word's runs of word characters (each an array of characters), and
     the bigrams of a run. */
  function runsOf(word) {
    var runs = [[]];
    Array.from(word).forEach(function (c) {
      if (isWord(c)) runs[runs.length - 1].push(c); else runs.push([]);
    });
    return runs;
  }
  function bigramsOf(chars) {
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return out;
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
  /* The same for a word holding joiners: the index keys each joiner with the
     word character after it, and a word character before a joiner with END
     (it ends its word there), which pins that character alone. */
  function joinedCover(chars) {
    var out = [], o = 0, n = chars.length;
    while (o + 1 < n) {
      if (isWord(chars[o]) && !isWord(chars[o + 1])) { out.push({ key: chars[o] + END, offset: o }); o += 1; }
      else { out.push({ key: chars[o] + chars[o + 1], offset: o }); o += 2; }
    }
    if (o === n - 1) out.push({ key: chars[n - 2] + chars[n - 1], offset: n - 2 });
    return out;
  }
  /* What searches one part of the index (directory.rs, PAGES_PER_PART):
     its shards are found through its own lists of first keys, its page
     lists count from its first page, and its string lists have their
     own index. Made once a part, when the directory arrives. */
  function within(part) {
    /* The shard of `key`, once the list it is in has loaded (ensureLists). */
    function shardOf(key) {
      var list = shardIn(part.shards, key);
      return part.shard + list * dir.shards_per_list + shardIn(shardLists[part.list + list], key);
    }
    function ensureLists(keys) {
      return Promise.all(keys.map(function (k) { return load('d/' + (part.list + shardIn(part.shards, k)) + '.js'); }));
    }
    /* The page list of one key: pages, counts, and whether it occurs in the title. */
    /* A key's entry in its shard, once the shard has loaded (loadKeys). */
    function entryOf(key) {
      var s = shards[shardOf(key)];
      return s && s.get(key);
    }
    function pageList(key) {
      var e = entryOf(key);
      if (!e) { misses++; return null; }
      if (e.absent) return null;
      if (!e.decoded) {
        e.decoded = decodePageList(e.list, part.page);
        e.decoded.heavy = e.heavy;
        e.decoded.group = e.group;
        e.decoded.starts = e.starts;
      }
      return e;
    }
    /* Positions of `key` on the given pages (indexes into its page list):
       loads only the chunks that hold them. Resolves to Map page → positions. */
    function positionsOf(key, indexes) {
      var e = pageList(key), d = e.decoded;
      var chunks = new Set();
      indexes.forEach(function (i) {
        var c = 0;
        while (c + 1 < d.starts.length && d.starts[c + 1] <= i) c++;
        chunks.add(c);
      });
      var ids = Array.from(chunks).map(function (c) { return d.group !== null ? e.n + '-' + d.group : e.n + '/' + e.k + '-' + c; });
      return Promise.all(ids.map(function (id) { return load('q/' + id + '.js'); })).then(function () {
        var out = new Map();
        Array.from(chunks).forEach(function (c, j) {
          var data = positionData[ids[j]].get(key), read = riceReader(data.data);
          var first = d.starts[c], last = c + 1 < d.starts.length ? d.starts[c + 1] : d.pages.length;
          for (var i = first; i < last; i++) {
            var pos = new Array(d.counts[i]);
            var p = read(data.first) + (d.title[i] ? 0 : BODY_START);
            pos[0] = p;
            for (var k = 1; k < pos.length; k++) { p += read(data.gap) + 1; pos[k] = p; }
            out.set(d.pages[i], pos);
          }
        });
        return out;
      });
    }
    function loadKeys(keys) {
      return ensureLists(keys).then(function () {
        return Promise.all(keys.map(function (k) { var n = shardOf(k); return ensureShards(n, n); }));
      });
    }

    /* Every page containing `word` (normalised, word characters only): Map
       page → { tf, title, pos }. One or two characters are answered from page
       lists alone; longer words are checked against positions, so that only
       pages where the covering bigrams sit at the right offsets remain: the
       pages a Ctrl+F would find. `positions` asks for positions in any case. */
    function findWord(word, positions) {
      var chars = Array.from(word);
      if (chars.length === 1) return findChar(chars[0], positions);
      var joined = !chars.every(isWord);
      var parts = joined ? joinedCover(chars) : cover(chars);
      return loadKeys(parts.map(function (p) { return p.key; })).then(function () {
        var lists = parts.map(function (p) { return pageList(p.key); });
        if (lists.some(function (l) { return !l; })) return new Map();
        var ds = lists.map(function (l) { return l.decoded; });
        /* Three or four characters covered by a heavy bigram: their own page
           list (listed only when every character is in the Basic Multilingual
           Plane, one UTF-16 unit each: grams.rs). */
        if (!joined && !positions && (chars.length === 3 || chars.length === 4) && word.length === chars.length &&
            ds.some(function (d) { return d.heavy; })) return findGram(word);
        if (parts.length === 1 && !positions && !joined) {
          return matchesOf(ds[0]);
        }
        /* Pages on every list, with their indexes in each. */
        var index = ds.map(function (d) { var m = new Map(); d.pages.forEach(function (p, i) { m.set(p, i); }); return m; });
        var candidates = [];
        ds[0].pages.forEach(function (page) { if (index.every(function (m) { return m.has(page); })) candidates.push(page); });
        if (!candidates.length) return new Map();
        return Promise.all(parts.map(function (p, k) {
          return positionsOf(p.key, candidates.map(function (page) { return index[k].get(page); }));
        })).then(function (pos) {
          var result = new Map();
          candidates.forEach(function (page) {
            var others = pos.slice(1).map(function (m) { return m.get(page); });
            var starts = pos[0].get(page).filter(function (p) {
              for (var k = 1; k < parts.length; k++) if (!has(others[k - 1], p + parts[k].offset)) return false;
              return true;
            });
            if (starts.length) result.set(page, { tf: starts.length, title: +(starts[0] < BODY_START), pos: starts });
          });
          return result;
        });
      });
    }
    /* A 3- or 4-character word from its page list; no list means no page. */
    function findGram(word) {
      return load('g/index-' + part.n + '.js').then(function () {
        var g = gramDirs[part.n], n = g.first + shardIn(g.keys, word);
        return load('g/' + n + '.js').then(function () {
          var list = gramShards[n].get(word);
          return list === undefined ? new Map() : matchesOf(decodePageList(list, part.page));
        });
      });
    }

    /* A single character: every key that starts with it, ending a word or not. */
    function findChar(c, positions) {
      var first, last;
      return ensureLists([c + END, c + '\uffff']).then(function () {
        first = shardOf(c + END); last = shardOf(c + '\uffff');
        return ensureShards(first, last);
      }).then(function () {
        var keys = [];
        for (var n = first; n <= last; n++) shards[n].forEach(function (e, key) { if (!e.absent && Array.from(key)[0] === c) keys.push(key); });
        if (!keys.length) misses++;
        var result = new Map();
        keys.forEach(function (key) {
          var d = pageList(key).decoded;
          d.pages.forEach(function (page, i) {
            var r = result.get(page) || { tf: 0, title: 0, pos: null };
            r.tf += d.counts[i]; r.title |= d.title[i];
            result.set(page, r);
          });
        });
        if (!positions) return result;
        return Promise.all(keys.map(function (key) {
          return positionsOf(key, pageList(key).decoded.pages.map(function (_, i) { return i; }));
        })).then(function (all) {
          result.forEach(function (r, page) {
            var pos = [];
            all.forEach(function (m) { if (m.has(page)) pos = pos.concat(m.get(page)); });
            r.pos = pos.sort(function (a, b) { return a - b; });
          });
          return result;
        });
      });
    }

    /* Pages that hold every bigram of a word, anywhere: the looser tier. A
       run of the word too short for a bigram (法, or the e of e-mail) has no
       looser form: its character must occur, as in the exact tier. */
    function findLoose(word) {
      var keys = [], singles = [];
      runsOf(word).forEach(function (r) {
        if (r.length === 1) singles.push(r[0]);
        keys = keys.concat(bigramsOf(r));
      });
      return Promise.all([loadKeys(keys)].concat(singles.map(function (c) { return findChar(c, false); }))).then(function (found) {
        var lists = keys.map(function (k) { return pageList(k); });
        if (lists.some(function (l) { return !l; })) return new Map();
        var sets = lists.map(function (l) { return new Set(l.decoded.pages); }).concat(found.slice(1));
        if (!sets.length) return new Map();
        var first = lists.length ? matchesOf(lists[0].decoded) : found[1];
        var result = new Map();
        first.forEach(function (m, page) {
          if (sets.every(function (s) { return s.has(page); })) result.set(page, { tf: m.tf, title: 0, pos: null });
        });
        return result;
      });
    }

    /* A term is a single word, or a quoted phrase of words that must follow
       one another with one separator between them. */
    function findTerm(term, loose) {
      if (term.words.length === 1) return loose ? findLoose(term.words[0]) : findWord(term.words[0], false);
      return Promise.all(term.words.map(function (w) { return findWord(w, true); })).then(function (found) {
        var result = new Map();
        found[0].forEach(function (m0, page) {
          var starts = m0.pos.filter(function (p) {
            var at = p;
            for (var k = 1; k < found.length; k++) {
              var next = found[k].get(page);
              at += Array.from(term.words[k - 1]).length + 1;
              if (!next || !has(next.pos, at)) return false;
            }
            return true;
          });
          if (starts.length) result.set(page, { tf: starts.length, title: m0.title, pos: starts });
        });
        return atWordEnds(term.words, result);
      });
    }
    /* Keeps the phrase starts where each word but the last ends its word in
       the text, so that what follows it is a separator ("甲乙 丙丁" is not in
       甲乙和丙丁): the positions of its last character's key with END. */
    function atWordEnds(words, result) {
      var ends = [], offset = 0;
      words.slice(0, -1).forEach(function (w) {
        var chars = Array.from(w);
        offset += chars.length;
        ends.push({ key: chars[chars.length - 1] + END, at: offset - 1 });
        offset += 1;
      });
      if (!result.size) return result;
      return loadKeys(ends.map(function (e) { return e.key; })).then(function () {
        return Promise.all(ends.map(function (e) {
          var list = pageList(e.key);
          if (!list) return new Map();
          var index = new Map();
          list.decoded.pages.forEach(function (page, i) { index.set(page, i); });
          var pages = Array.from(result.keys()).filter(function (page) { return index.has(page); });
          return positionsOf(e.key, pages.map(function (page) { return index.get(page); }));
        }));
      }).then(function (found) {
        var out = new Map();
        result.forEach(function (r, page) {
          var starts = r.pos.filter(function (p) {
            return ends.every(function (e, k) { var at = found[k].get(page); return at && has(at, p + e.at); });
          });
          if (starts.length) out.set(page, { tf: starts.length, title: r.title, pos: starts });
        });
        return out;
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

    /* BM25 over pages (term frequency saturating, rarer words counting more),
       with matches in the title worth more and words that stand close
       together ranked higher. */
    function rank(pages, include, found, loose) {
      var N = part.pages, k1 = 1.2;
      return pages.map(function (page) {
        var score = 0;
        var matches = found.map(function (m) { return m.get(page); });
        matches.forEach(function (r, t) {
          var df = found[t].size;
          var idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
          var tf = r.tf + 4 * r.title;
          score += idf * (tf * (k1 + 1)) / (tf + k1);
        });
        var near = matches.length > 1 && matches.every(function (r) { return r.pos; });
        if (near) score *= nearness(matches.map(function (r) { return r.pos; }));
        var title = matches.every(function (r) { return r.title; });
        return { page: page, score: loose ? score / 2 : score, near: near, title: title };
      }).sort(function (a, b) { return b.score - a.score || a.page - b.page; });
    }
    /* For the first part of several: which parts hold every one of `keys`
       (from its shards, which list every key of the library). Resolves to
       a test of a part's number. */
    function holding(keys) {
      return loadKeys(keys).then(function () {
        var entries = keys.map(entryOf);
        /* A key no part holds is a miss, as a lookup in a part is (see search). */
        if (entries.some(function (e) { return !e; })) misses++;
        return function (n) {
          return entries.every(function (e) { return e && (!e.parts || (e.parts[n >> 3] >> (n & 7) & 1) === 1); });
        };
      });
    }
    /* The leads of `key` (in the first part of several). */
    function leads(key) {
      return loadKeys([key]).then(function () { var e = entryOf(key); return (e && e.leads) || []; });
    }
    return { run: run, holding: holding, leads: leads };
  }

  /* ---- queries: words must all occur; "a phrase" is exact; -word excludes ---- */
  function parse(q) {
    var out = [];
    var re = /(-?)"([^"]*)"?|(-?)(\S+)/g, m;
    q = q.replace(/[“”＂]/g, '"');
    while ((m = re.exec(q))) {
      var exclude = !!(m[1] || m[3]);
      var text = m[2] !== undefined ? m[2] : m[4];
      var words = queryWords(text);
      if (!words.length) continue;
      if (m[2] !== undefined) out.push({ words: words, exclude: exclude, text: text });
      else words.forEach(function (w) { out.push({ words: [w], exclude: exclude, text: w }); });
    }
    return out;
  }

  /* Everything loaded for normalising any text at once (S.ready). */
  function ready() {
    var jobs = [];
    if (!dir) jobs.push(load('index.js'));
    jobs.push(load('t2s.js'));
    return Promise.all(jobs);
  }
  /* What a query needs first: the directory, and the Traditional table if
     the library's texts hold characters it maps. */
  function begin() {
    return (dir ? Promise.resolve() : load('index.js')).then(function () {
      if (dir.traditional) return load('t2s.js');
    });
  }

  /* Runs a query. Resolves to { hits: [{page, score}], loose, terms,
     searched, more }. The parts of the index (directory.rs,
     PAGES_PER_PART) are searched in turn, from the first, until the hits
     fill the first `shown` (20 unless given), each part's ranked on their
     own after those of the parts before: `searched` is the number of pages
     searched so far, and `more`, while parts are left, searches the next
     ones that find hits, adding theirs to `hits`, and resolves to the same
     result. A library of one part is searched whole.
     Without the Traditional table, a query that holds a character it maps
     looks up a key the index cannot hold (the index holds normalised text
     only): the lookup misses. So a query run without the table whose
     lookups all hit normalised as it would have with it, and one with a
     miss runs again with the table. */
  function search(q, shown) {
    return begin().then(function () {
      var before = misses;
      return searchWith(q, shown).then(function (result) {
        if (table || misses === before) return result;
        return load('t2s.js').then(function () { return searchWith(q, shown); });
      });
    });
  }
  function searchWith(q, shown) {
    return Promise.resolve().then(function () {
      var parsed = parse(q);
      var include = parsed.filter(function (t) { return !t.exclude; });
      var exclude = parsed.filter(function (t) { return t.exclude; });
      var result = { hits: [], loose: false, terms: parsed, searched: 0, more: null };
      /* Nothing is looked up for a query that only excludes: its terms are
         normalised with the table, as shown. */
      if (!include.length) {
        if (parsed.length) misses++;
        result.searched = dir.pages;
        return result;
      }
      var want = shown || NEAR_CHECK;
      var mayLoosen = include.some(function (t) { return t.words.some(function (w) { return Array.from(w).length > 2; }); });
      /* Every bigram of the words' runs of word characters is in a page
         that matches, exactly or loosely: the parts that hold them all. */
      var keys = [];
      include.forEach(function (t) {
        t.words.forEach(function (w) { runsOf(w).forEach(function (r) { keys = keys.concat(bigramsOf(r)); }); });
      });
      var holds = dir.parts.length > 1 && keys.length ? dir.parts[0].find.holding(keys) : Promise.resolve(function () { return true; });
      /* Whether the search ends before part `next`: past the last part,
         unless no part found an exact hit and the looser tier is left. */
      function ends(next) {
        return next === dir.parts.length && (result.hits.length > 0 || result.loose || !mayLoosen);
      }
      /* Searches the parts from `next` until `enough` hits are found or
         none is left; then the looser tier, from the first part. */
      /* Pages of later parts already placed first (leadsFirst). */
      var ahead = new Set();
      function from(next, enough) {
        if (next === dir.parts.length) {
          result.loose = true;
          result.searched = 0;
          next = 0;
        }
        var part = dir.parts[next];
        return holds.then(function (holds) {
          return holds(next) ? inPart(part, include, exclude, result.loose, parsed, want) : [];
        }).then(function (hits) {
          result.hits = result.hits.concat(hits.filter(function (h) { return !ahead.has(h.page); }));
          result.searched = part.page + part.pages;
          result.more = ends(next + 1) ? null : function () { return from(next + 1, 1); };
          if (result.hits.length >= enough || !result.more) return result;
          return from(next + 1, enough);
        });
      }
      return from(0, want).then(function () { return leadsFirst(result, include, exclude, ahead); })
        .then(function () { return inForceFirst(result, want); });
    });
  }
  /* While parts are left to search, a page of theirs whose title is the
     query, or whose title's distinctive part is (刑法 for 中华人民共和国刑法),
     comes first all the same: the first part's shard of the query's first
     bigram lists such short titles of the later parts with their lengths,
     and the heads of those of the query's length tell. For queries of
     plain words, nothing excluded. */
  var LEAD_CHECK = 4;
  function leadsFirst(result, include, exclude, ahead) {
    if (!result.more || result.loose || exclude.length || include.some(function (t) { return t.words.length > 1; })) return result;
    var words = [];
    include.forEach(function (t) { words = words.concat(t.words); });
    var want = Array.from(words.join('')).filter(isWord);
    if (want.length < 2) return result;
    return dir.parts[0].find.leads(want[0] + want[1]).then(function (leads) {
      var shown = new Set(result.hits.map(function (h) { return h.page; }));
      var checked = leads.filter(function (l) { return l.length === want.length && l.page >= result.searched && !shown.has(l.page); })
        .slice(0, LEAD_CHECK);
      return Promise.all(checked.map(function (l) { return headOf(l.page); })).then(function (heads) {
        var w = want.join(''), front = [];
        checked.forEach(function (l, i) {
          var chars = normalize(heads[i].t).filter(isWord).join('');
          var tier = chars === w ? 0 : chars.length > w.length && chars.slice(-w.length) === w ? 1 : -1;
          if (tier >= 0) front.push({ tier: tier, hit: { page: l.page, score: result.hits.length ? result.hits[0].score : 1, near: false, title: 1 } });
        });
        front.sort(function (a, b) { return a.tier - b.tier || a.hit.page - b.hit.page; });
        front.forEach(function (f) { ahead.add(f.hit.page); });
        result.hits = front.map(function (f) { return f.hit; }).concat(result.hits);
        return result;
      });
    });
  }
  /* The hits of one part, ranked: by the text, then words close together
     among the first, then titles that name the query. */
  function inPart(part, include, exclude, loose, terms, shown) {
    return part.find.run(include, exclude, loose).then(function (hits) {
      return nearFirst({ hits: hits, terms: terms }, include, shown);
    }).then(function (result) { return titleFirst(result, part); }).then(function (result) { return result.hits; });
  }

  /* Among the first results, and the pages with the shortest titles of
     those with every word in their title or a heading, titles come first
     by how well the query names them: the title is the query; the title's
     distinctive part (after a prefix many titles share, 中华人民共和国) is the
     query; that part starts with the query; the title does; the title holds
     every word (the index ranks a match in the title and one in a heading
     alike). Among those that start with the query, shorter first. Their
     heads are what the first results show anyway. */
  var TITLE_CHECK = 20, TITLE_CANDIDATES = 10;
  function titleFirst(result, part) {
    var words = [];
    result.terms.forEach(function (t) { if (!t.exclude) words = words.concat(t.words); });
    var want = Array.from(words.join('')).filter(isWord).join('');
    var top = result.hits.slice(0, TITLE_CHECK);
    if (!want || !result.hits.some(function (h) { return h.title; })) return Promise.resolve(result);
    return load('titles-' + part.n + '.js').then(function () {
      var info = titleInfos[part.n];
      var length = function (page) { return info.length(page - part.page); };
      var more = result.hits.slice(TITLE_CHECK).filter(function (h) { return h.title; })
        .sort(function (a, b) { return length(a.page) - length(b.page) || a.page - b.page; })
        .slice(0, TITLE_CANDIDATES);
      var checked = top.concat(more);
      return Promise.all(checked.map(function (h) { return headOf(h.page); })).then(function (heads) {
        var keyed = checked.map(function (h, i) {
          var t = titleTier(heads[i].t, want, words, info.prefixes);
          return { hit: h, tier: t[0], length: t[1], i: i };
        }).filter(function (k) { return k.i < top.length || k.tier < NO_TITLE; });
        keyed.sort(function (a, b) { return a.tier - b.tier || a.length - b.length || a.i - b.i; });
        var front = new Set(keyed.map(function (k) { return k.hit.page; }));
        result.hits = keyed.map(function (k) { return k.hit; }).concat(result.hits.filter(function (h) { return !front.has(h.page); }));
        return result;
      });
    });
  }
  var NO_TITLE = 5;
  /* How well a title names the query (lower is better, NO_TITLE when it
     does not hold every word), and the length that orders titles of that
     tier: [tier, length]. */
  function titleTier(title, want, words, prefixes) {
    var norm = normalize(title), chars = norm.filter(isWord).join('');
    var rest = chars;
    prefixes.forEach(function (p) { if (p.length < chars.length && chars.indexOf(p) === 0 && p.length > chars.length - rest.length) rest = chars.slice(p.length); });
    if (chars === want) return [0, 0];
    if (rest === want) return [1, 0];
    if (rest.indexOf(want) === 0) return [2, rest.length];
    if (chars.indexOf(want) === 0) return [3, rest.length];
    var text = norm.join('');
    return words.every(function (w) { return text.indexOf(w) >= 0; }) ? [4, 0] : [NO_TITLE, 0];
  }

  /* The filters' data (kind, year, topics of every page), loaded on demand. */
  function loadFacets() { return facets ? Promise.resolve(facets) : load('pages.js').then(function () { return facets; }); }

  /* An older version of a rule among the first `shown` hits is held back
     until the version in force, when that is among the hits, has been
     placed. Which page is in force comes with an older version's head
     (`c`), which those hits show anyway; S.versionsRanked = false ranks
     by the text alone. */
  function inForceFirst(result, shown) {
    var top = result.hits.slice(0, shown);
    if (S.versionsRanked === false) return Promise.resolve(result);
    return Promise.all(top.map(function (h) { return headOf(h.page); })).then(function (hs) {
      var current = new Map(), found = new Set(result.hits.map(function (h) { return h.page; }));
      top.forEach(function (h, i) { if (hs[i].c !== undefined && found.has(hs[i].c)) current.set(h.page, hs[i].c); });
      if (!current.size) return result;
      var held = new Map(), placed = new Set(), out = [];
      result.hits.forEach(function (h) {
        var c = current.get(h.page);
        if (c !== undefined && !placed.has(c)) {
          if (!held.has(c)) held.set(c, []);
          held.get(c).push(h);
          return;
        }
        out.push(h);
        placed.add(h.page);
        (held.get(h.page) || []).forEach(function (o) { out.push(o); placed.add(o.page); });
      });
      result.hits = out;
      return result;
    });
  }
  /* Up to 2 for words that stand next to one another, from where each occurs. */
  function nearness(places) {
    var best = Infinity;
    for (var x = 0; x + 1 < places.length; x++) best = Math.min(best, closest(places[x], places[x + 1]));
    return 1 + 1 / (1 + best / 8);
  }
  /* Words answered from page lists have no positions: among the first
     results, whose texts they show anyway, they are placed in the text, so
     that words close together rank higher there too. */
  var NEAR_CHECK = 20;
  function nearFirst(result, include, shown) {
    var top = result.hits.slice(0, shown);
    if (include.length < 2 || top.every(function (h) { return h.near; })) return result;
    return Promise.all(top.map(function (h) { return textOf(h.page); })).then(function (texts) {
      top.forEach(function (h, i) {
        if (h.near) return;
        var text = normalize(texts[i].x).join('');
        h.score *= nearness(include.map(function (t) {
          var at = [], w = t.words[0];
          for (var k = text.indexOf(w); k >= 0; k = text.indexOf(w, k + 1)) at.push(k);
          return at;
        }));
      });
      result.hits = top.sort(function (a, b) { return b.score - a.score || a.page - b.page; }).concat(result.hits.slice(shown));
      return result;
    });
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
  function headOf(page) {
    if (heads[page]) return Promise.resolve(heads[page]);
    return load('h/' + Math.floor(page / HEADS_PER_FILE) + '.js').then(function () { return heads[page]; });
  }
  function textOf(page) {
    if (fragments[page] !== undefined) return Promise.resolve(fragments[page]);
    return load(S.textFile(page)).then(function () { return fragments[page]; });
  }

  var MAX_SNIPPETS = 2;

  /* Where the words occur in a text: [start, end) ranges of original
     characters, found on the normalised text, as the index found them. */
  function matchRanges(chars, words) {
    var norm = [], owner = [];
    chars.forEach(function (c, i) { for (var n of normChar(c)) { norm.push(n); owner.push(i); } });
    var ranges = [];
    words.forEach(function (w) {
      var t = Array.from(w);
      for (var i = 0; i + t.length <= norm.length; i++) {
        var ok = true;
        for (var k = 0; k < t.length && ok; k++) ok = t[k] === ' ' ? !isWord(norm[i + k]) : norm[i + k] === t[k];
        if (ok) ranges.push([owner[i], owner[i + t.length - 1] + 1]);
      }
    });
    return ranges.sort(function (a, b) { return a[0] - b[0]; });
  }

  /* What a hit shows before its text loads: title, URL, date. */
  function head(hit) {
    return headOf(hit.page).then(function (h) {
      return { page: hit.page, title: h.t, url: h.u, date: h.d, kind: h.k, topics: h.p, status: h.s || null, version: h.v || null, sections: null };
    });
  }
  /* Loads a hit's text and finds the sections its matches fall in (most
     matches first), each with a snippet. */
  function snippets(d, words) {
    return textOf(d.page).then(function (text) {
      var chars = Array.from(text.x), sections = text.s;
      var bySection = new Map();
      matchRanges(chars, words).forEach(function (r) {
        var s = -1;
        for (var i = 0; i < sections.length && sections[i][0] <= r[0]; i++) s = i;
        if (!bySection.has(s)) bySection.set(s, []);
        bySection.get(s).push(r);
      });
      var best = Array.from(bySection.entries()).sort(function (a, b) { return b[1].length - a[1].length || a[0] - b[0]; });
      d.sections = best.slice(0, MAX_SNIPPETS).map(function (e) {
        var s = e[0] >= 0 ? sections[e[0]] : null;
        return { anchor: s ? s[1] : '', title: s ? s[2] : '', snippet: snippet(chars, e[1]) };
      });
      return d;
    });
  }
  function describe(hit, words) { return head(hit).then(function (d) { return snippets(d, words); }); }

  var SNIPPET_RADIUS = 36;
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

  /* Index files that call __shuyuan.<name> directly (index.js, t2s.js,
     pages.js, g/index.js) find their callback there too. */
  Object.keys(calls).forEach(function (name) { S[name] = calls[name]; });
  /* The index files loaded, where they are stored (under search/). */
  S.files = function () {
    return Object.keys(loaded).concat(S.dictionaryFiles || []).map(function (f) { return S.stored('search/' + f).slice(7); });
  };
  S.search = search;
  /* Every hit, from every part: what the recall check compares with the texts. */
  S.searchAll = function (q) {
    return search(q).then(function all(result) { return result.more ? result.more().then(all) : result; });
  };
  S.describe = describe;
  S.summary = head;
  S.snippets = snippets;
  S.matchRanges = matchRanges;
  S.parse = parse;
  S.terms = function (text) { return terms(text, false); };
  S.queryWords = queryWords;
  S.normalize = function (t) { return normalize(t).join(''); };
  S.facets = function () { return facets; };
  S.loadFacets = loadFacets;
  S.directory = function () { return dir; };
  S.ready = ready;
  if (S.onload) S.onload.forEach(function (f) { f(); });
})();
