/* shuyuan: loaded by every page. Small on purpose: the search engine and its
   index load only when someone searches (or arrives from a search result). */
(function () {
  'use strict';
  var S = window.__shuyuan = window.__shuyuan || {};
  /* The one place that reads the page: the site root (every link and
     script is relative to it) and the language. The other scripts use
     S.root and S.english. */
  var root = S.root = document.documentElement.getAttribute('data-root') || '';
  S.english = /^en/i.test(document.documentElement.lang);
  var loading = null;

  /* The callbacks index files make, by the names Rust gives them (Call in
     src/search/files.rs): __shuyuan.b and .z dispatch only to these. */
  var calls = S.calls = S.calls || {};
  function call(name) {
    if (!Object.prototype.hasOwnProperty.call(calls, name)) throw new Error('no callback ' + name);
    return calls[name];
  }

  /* Page texts come as __shuyuan.z(path, dictionary, data): the JSON of a
     call, as UTF-16, deflated (with a dictionary, below), in 15-bit digits.
     The promise in S.unpacking[path] tells the loader when the call is
     made. Browsers without DecompressionStream (Chrome 79 and older, and
     the like) load the bundled inflater (pako) once instead.
     __shuyuan.b(path, data, call, arg) holds bytes, not deflated, for
     __shuyuan[call](arg, bytes). */
  S.unpacking = S.unpacking || {};
  var fallback = null;
  function tooOld() {
    var e = new Error('this browser cannot unpack the search index');
    e.oldBrowser = true;
    return e;
  }
  function inflate(bytes) {
    if (window.DecompressionStream) {
      return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer();
    }
    if (!fallback) {
      fallback = script('static/vendor/pako_inflate.min.js').then(function () {
        if (!window.pako) throw tooOld();
        return window.pako;
      }, function () { throw tooOld(); });
    }
    return fallback.then(function (pako) { return pako.inflateRaw(bytes); });
  }
  /* ---- numbers: each encoding of the index files, read here once
     (src/search/codec.rs writes them) ---- */
  /* Index files are UTF-16 (the browser reads them by their byte-order
     mark) and carry bytes as 15-bit digits, U+3000 to U+AFFF; a last digit
     of 7 bits or fewer is U+B000 to U+B07F (codec.rs: utf16_script). */
  function digits(s) {
    var out = new Uint8Array(Math.ceil(s.length * 15 / 8)), o = 0, bits = 0, n = 0;
    for (var i = 0; i < s.length; i++) {
      var u = s.charCodeAt(i);
      if (u >= 0xb000) { bits |= (u - 0xb000) << n; n += 7; } else { bits |= (u - 0x3000) << n; n += 15; }
      while (n >= 8) { out[o++] = bits & 255; bits >>>= 8; n -= 8; }
    }
    return out.subarray(0, o);
  }
  /* A binary varint (LEB128) of `bytes` at `at.i`, which moves past it. */
  function varint(bytes, at) {
    var n = 0, shift = 0, b;
    do { b = bytes[at.i++]; n += (b & 127) * Math.pow(2, shift); shift += 7; } while (b & 128);
    return n;
  }
  /* Rice codes, bits from the lowest of each byte up (codec.rs: Bits): a
     reader that returns the next number for a parameter k. */
  function riceReader(bytes) {
    var i = 0, byte = 0, left = 0;
    function bit() {
      if (!left) { byte = bytes[i++]; left = 8; }
      var b = byte & 1;
      byte >>= 1; left--;
      return b;
    }
    return function (k) {
      var q = 0, r = 0;
      while (bit()) q++;
      for (var j = 0; j < k; j++) r |= bit() << j;
      return q * (1 << k) + r;
    };
  }
  /* Varints of 5-bit digits written with the base64 letters, the lower 32
     ending a number (codec.rs: push): a whole string's numbers. */
  var ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  var VALUE = {};
  for (var a = 0; a < 64; a++) VALUE[ALPHA.charCodeAt(a)] = a;
  function letters(s) {
    var out = [], n = 0;
    for (var i = 0; i < s.length; i++) {
      var v = VALUE[s.charCodeAt(i)];
      n = n * 32 + (v & 31);
      if (v < 32) { out.push(n); n = 0; }
    }
    return out;
  }
  /* Pairs of numbers (codec.rs: push_pairs): per pair the gap from the
     previous pair's first, and the zigzag-signed distance to its second. */
  function pairs(s) {
    var v = letters(s), out = [], a = 0;
    for (var i = 0; i + 1 < v.length; i += 2) {
      a += v[i];
      out.push([a, a + (v[i + 1] & 1 ? -(v[i + 1] + 1) / 2 : v[i + 1] / 2)]);
    }
    return out;
  }
  S.numbers = { digits: digits, varint: varint, riceReader: riceReader, letters: letters, pairs: pairs };

  S.b = function (path, data, name, arg) { call(name)(arg, digits(data)); };
  /* A page text deflated with a dictionary (search/p/d-….js: sentences
     many pages share) refers back into it as if it came just before. So
     the dictionary goes first, as a stored (not compressed, not final)
     deflate block, and is cut off the output again. */
  var dictionaries = {}, waiting = {};
  S.dictionaryFiles = [];
  calls.dictionary = function (name, bytes) { if (waiting[name]) waiting[name](bytes); };
  function dictionary(name) {
    if (!dictionaries[name]) {
      S.dictionaryFiles.push('p/' + name + '.js');
      dictionaries[name] = new Promise(function (resolve, reject) {
        waiting[name] = resolve;
        script('search/p/' + name + '.js').catch(reject);
      }).then(inflate).then(function (out) { return new Uint8Array(out); });
    }
    return dictionaries[name];
  }
  function unpack(name, bytes) {
    if (!name) return inflate(bytes).then(function (out) { return new Uint8Array(out); });
    return dictionary(name).then(function (d) {
      var n = d.length, all = new Uint8Array(5 + n + bytes.length);
      all.set([0, n & 255, n >> 8, ~n & 255, (~n >> 8) & 255]);
      all.set(d, 5);
      all.set(bytes, 5 + n);
      return inflate(all).then(function (out) { return new Uint8Array(out).subarray(n); });
    });
  }
  S.z = function (path, name, data) {
    S.unpacking[path] = unpack(name, digits(data)).then(function (out) {
      /* One call, or a list of them (texts come several to a file). */
      var json = JSON.parse(new TextDecoder('utf-16le').decode(out));
      (Array.isArray(json[0]) ? json : [json]).forEach(function (c) { call(c[0]).apply(null, c.slice(1)); });
    });
  };

  /* The scripts' version, from this script's own URL (site.js?v=…): the
     scripts and page texts loaded later are asked for with it (S.version),
     so a browser never mixes two builds. */
  var version = S.version = ((document.currentScript && document.currentScript.src) || '').split('?')[1] || '';
  /* Where the index stores its files (src/search/directory.rs, which a
     test ties these numbers to): those named by a number (s/1234.js,
     q/12/4-0.js) in folders of FILES_PER_FOLDER numbers (s/1/1234.js,
     q/0/12/4-0.js), so no folder of a large site outgrows a USB stick's;
     and page texts TEXTS_PER_FILE to a file (p/n.js, of pages from n times it). */
  var FILES_PER_FOLDER = 1000, TEXTS_PER_FILE = 5;
  S.stored = function (src) {
    return src.replace(/^(search\/[a-z]\/)(\d+)/, function (_, dir, n) { return dir + Math.floor(n / FILES_PER_FOLDER) + '/' + n; });
  };
  S.textFile = function (page) { return 'p/' + Math.floor(page / TEXTS_PER_FILE) + '.js'; };
  /* The one script loader: `src` under the site root, asked for with
     `query` (by default the scripts' version). Resolves once it has run. */
  function script(src, query) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = root + S.stored(src) + (query !== undefined ? query : version ? '?' + version : '');
      s.onload = resolve;
      s.onerror = function () { reject(new Error('cannot load ' + src)); };
      document.head.appendChild(s);
    });
  }
  S.script = script;
  function engine() {
    if (!loading) loading = script('static/search.js').then(function () { return script('static/search-ui.js'); });
    return loading;
  }

  var input = document.getElementById('site-search-input');
  if (input) {
    var start = function () { engine().then(function () { S.ui.headerBox(input); }); };
    input.addEventListener('focus', start, { once: true });
  }
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (e.key === '/' && !typing && input) { e.preventDefault(); input.focus(); }
  });

  /* An article's ¶ (rule pages): following it puts the article in the
     address bar; its address is also copied where the browser allows (it
     may not from file://: the address bar then has it). */
  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest && e.target.closest('a.article-link');
    if (!a || !navigator.clipboard) return;
    navigator.clipboard.writeText(a.href).then(function () {
      a.classList.add('copied');
      setTimeout(function () { a.classList.remove('copied'); }, 1500);
    }, function () {});
  });

  var q = new URLSearchParams(location.search).get('q');
  if (document.getElementById('search-results')) {
    engine().then(function () { S.ui.searchPage(); });
  } else if (q && input && document.querySelector('.doc')) {
    engine().then(function () { return S.ready(); }).then(function () { S.ui.highlight(q); });
  }
})();
