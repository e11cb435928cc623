/* shuyuan search interface: the header box with instant results, the full
   search page (search.html?q=…) with filters, and highlighting of the terms
   on the page a result leads to. All text is inserted with textContent:
   nothing from the index is ever parsed as HTML. */
(function () {
  'use strict';
  var S = window.__shuyuan;
  var root = S.root;
  var T = S.english ? {
    results: function (n) { return n + (n === 1 ? ' document' : ' documents'); },
    searched: function (n, of) { return ' (searched ' + n + ' of ' + of + ', searching on…)'; },
    none: function (q) { return 'No document contains “' + q + '”.'; },
    hints: 'Try a shorter word, fewer words, or remove quotes and minus signs.',
    loose: 'No exact match; showing documents that contain all parts of the words.',
    more: 'Show more', all: 'All', kind: 'Kind', topic: 'Topic', year: 'Year', searching: 'Searching…', filter: 'Filter by kind, topic, year',
    error: 'The search index could not be loaded.', seeAll: 'All results',
    oldBrowser: 'This browser is too old to search this site (it needs Chrome or Edge 80, Firefox 113, Safari 16.4 or newer).'
  } : {
    results: function (n) { return '找到 ' + n + ' 篇文档'; },
    searched: function (n, of) { return '（已搜索 ' + n + ' / ' + of + ' 篇，继续搜索中…）'; },
    none: function (q) { return '没有找到包含“' + q + '”的文档。'; },
    hints: '可以试试：换一个更短的词，减少关键词，或去掉引号和减号。',
    loose: '没有完全匹配的结果，以下文档包含关键词的各个部分：',
    more: '显示更多', all: '全部', kind: '类别', topic: '专题', year: '年份', searching: '正在搜索…', filter: '按类别、专题、年份筛选',
    error: '搜索索引无法加载。', seeAll: '查看全部结果',
    oldBrowser: '此浏览器版本过旧，不能搜索本站（需要 Chrome 或 Edge 80、Firefox 113、Safari 16.4 及以上版本）。'
  };
  /* The names of kinds and statuses, in the site's language, as the search
     page gives them (search.html, from Rust's tables: the kinds in their
     order, then status=word pairs). */
  var labels = { kinds: [], statuses: {} };
  var list = document.getElementById('search-results');
  if (list) {
    labels.kinds = (list.getAttribute('data-kinds') || '').split('|');
    (list.getAttribute('data-statuses') || '').split('|').forEach(function (pair) {
      var at = pair.indexOf('=');
      if (at > 0) labels.statuses[pair.slice(0, at)] = pair.slice(at + 1);
    });
  }
  var PAGE_SIZE = 20;
  var DROPDOWN_SIZE = 6;
  var DEBOUNCE_MS = 150;
  /* How far below the screen a result loads its snippets: far enough that
     what it pushes down is not on screen yet. At 600 px a query loaded the
     texts of one result more (10,000 pages: median 102 against 92 KB). */
  var NEAR = 300;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function sectionHref(url, q, anchor) {
    return root + url + '?q=' + encodeURIComponent(q) + (anchor ? '#' + encodeURIComponent(anchor) : '');
  }
  function snippetNode(pieces, tag) {
    var p = el(tag || 'p', 'snippet');
    pieces.forEach(function (piece) { p.appendChild(piece[1] ? el('mark', null, piece[0]) : document.createTextNode(piece[0])); });
    return p;
  }
  /* The terms whose matches a hit holds, in order: describe needs their lengths. */
  function matchWords(result) {
    return result.terms.filter(function (t) { return !t.exclude; }).map(function (t) { return t.words.join(' '); });
  }

  function sectionList(d, q) {
    var ul = el('ul', 'result-sections');
    d.sections.forEach(function (s) {
      var item = el('li');
      var link = el('a', 'result-section', s.title ? d.title + ' › ' + s.title : d.title);
      link.href = sectionHref(d.url, q, s.anchor);
      item.appendChild(link);
      item.appendChild(snippetNode(s.snippet));
      ul.appendChild(item);
    });
    return ul;
  }

  /* A result: the page, its title leading to the page with the query
     marked; its matching sections and snippets added by addSections (they
     need the page's text). */
  function renderHit(d, q, hit, words) {
    var li = el('li', d.status === 'revised' || d.status === 'repealed' ? 'result outdated' : 'result');
    var a = el('a', 'result-title', d.title);
    a.href = sectionHref(d.url, q, '');
    li.appendChild(a);
    if (d.version) li.appendChild(el('span', 'version-date', ' (' + d.version + ')'));
    var meta = el('div', 'result-meta');
    meta.appendChild(el('span', 'badge', labels.kinds[d.kind] || ''));
    if (d.status) meta.appendChild(el('span', 'badge badge-status badge-' + d.status, labels.statuses[d.status] || ''));
    d.topics.forEach(function (t) { meta.appendChild(el('span', 'result-topic', S.directory().topics[t])); });
    if (d.date) meta.appendChild(el('time', null, d.date));
    li.appendChild(meta);
    return li;
  }
  function addSections(li, d, q) {
    li.appendChild(sectionList(d, q));
    li.classList.add('has-sections');
  }

  /* Snippets need the page's text: load it only once the result is on screen. */
  var observer = 'IntersectionObserver' in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting && e.target.__seen) { observer.unobserve(e.target); var f = e.target.__seen; e.target.__seen = null; f(); }
    });
  }, { rootMargin: '0px 0px ' + NEAR + 'px 0px' }) : null;
  function whenSeen(node, f) {
    if (!observer) return f();
    node.__seen = f;
    observer.observe(node);
  }

  /* ---- the search page ---- */
  /* Its filters live in the address (search.html?q=…&kind=rule&topic=保密&year=2024):
     a reload, Back and a shared link show the same results. A kind is named by
     its key, a topic by its name. */
  var kindKeys = list ? (list.getAttribute('data-kind-keys') || '').split('|') : [];
  function chosenFrom(params) {
    var kind = kindKeys.indexOf(params.get('kind') || '');
    var topic = params.get('topic') ? S.directory().topics.indexOf(params.get('topic')) : -1;
    return { kind: kind >= 0 ? String(kind) : '', topic: topic >= 0 ? String(topic) : '', year: params.get('year') || '' };
  }
  function addressOf(q, chosen) {
    var params = new URLSearchParams();
    params.set('q', q);
    if (chosen.kind) params.set('kind', kindKeys[+chosen.kind]);
    if (chosen.topic) params.set('topic', S.directory().topics[+chosen.topic]);
    if (chosen.year) params.set('year', chosen.year);
    return location.pathname + '?' + params.toString();
  }
  var drawn = 0;
  function searchPage() {
    var params = new URLSearchParams(location.search);
    var q = params.get('q') || '';
    var input = document.getElementById('search-page-input');
    if (input) input.value = q;
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    var filters = document.getElementById('search-filters');
    var more = document.getElementById('search-more');
    var mine = ++drawn;
    if (!q.trim()) { status.textContent = ''; filters.textContent = ''; list.textContent = ''; more.hidden = true; return; }
    status.textContent = T.searching;
    S.search(q).then(function (result) {
      if (mine !== drawn) return;
      var chosen = chosenFrom(params);
      var f = null;
      function passes(hit, except) {
        if (!f) return true;
        return (except === 'kind' || !chosen.kind || String(f.kind[hit.page]) === chosen.kind) &&
          (except === 'topic' || !chosen.topic || f.topics[hit.page].indexOf(+chosen.topic) >= 0) &&
          (except === 'year' || !chosen.year || String(f.year[hit.page]) === chosen.year);
      }
      var shown = 0, hits = [], batches = 0;
      function facet(name, label, valuesOf, nameOf) {
        var counts = new Map();
        result.hits.forEach(function (h) {
          if (!passes(h, name)) return;
          valuesOf(h).forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
        });
        // The value chosen stays on offer when nothing else matches it, to be undone.
        if (chosen[name] && !counts.has(+chosen[name])) counts.set(+chosen[name], 0);
        var wrap = el('label', 'filter');
        wrap.appendChild(el('span', null, label));
        var sel = el('select');
        sel.name = name;
        var all = el('option', null, T.all);
        all.value = '';
        sel.appendChild(all);
        Array.from(counts.keys()).sort(function (a, b) { return name === 'year' ? b - a : a - b; }).forEach(function (v) {
          var o = el('option', null, nameOf(v) + ' (' + counts.get(v) + ')');
          o.value = String(v);
          if (String(v) === chosen[name]) o.selected = true;
          sel.appendChild(o);
        });
        sel.addEventListener('change', function () {
          chosen[name] = sel.value;
          history.pushState(null, '', addressOf(q, chosen));
          draw();
          var again = filters.querySelector('select[name="' + name + '"]');
          if (again) again.focus();
        });
        wrap.appendChild(sel);
        return wrap;
      }
      /* Filters need the kind, year and topics of every page: loaded when asked for. */
      function drawFilters() {
        filters.textContent = '';
        if (!result.hits.length) return;
        if (!f) {
          var open = el('button', 'filter-open', T.filter);
          open.type = 'button';
          open.addEventListener('click', function () {
            S.loadFacets().then(function (facets) { f = facets; draw(); filters.querySelector('select').focus(); });
          });
          filters.appendChild(open);
          return;
        }
        filters.appendChild(facet('kind', T.kind, function (h) { return [f.kind[h.page]]; }, function (v) { return labels.kinds[v]; }));
        filters.appendChild(facet('topic', T.topic, function (h) { return f.topics[h.page]; }, function (v) { return S.directory().topics[v]; }));
        filters.appendChild(facet('year', T.year, function (h) { return f.year[h.page] ? [f.year[h.page]] : []; }, String));
      }
      /* The count and the filters, for the hits found so far. */
      function drawStatus() {
        hits = result.hits.filter(function (h) { return passes(h); });
        drawFilters();
        status.textContent = '';
        if (result.loose && hits.length) status.appendChild(el('p', 'notice', T.loose));
        var partial = result.more ? T.searched(result.searched, S.directory().pages) : '';
        status.appendChild(el('p', 'count', (hits.length ? T.results(hits.length) : result.more ? T.results(0) : T.none(q)) + partial));
        if (!hits.length && !result.more) status.appendChild(el('p', 'hint', T.hints));
      }
      function draw() {
        drawStatus();
        list.textContent = '';
        shown = 0;
        batches++;
        return showMore();
      }
      /* A large library's index is searched a part at a time (search.js):
         the first results show as soon as they are found, and once they
         are on screen the rest of the parts are searched on behind them,
         adding to the count, the filters and what "Show more" brings. */
      var showing = false;
      function searchOn() {
        if (!result.more) return;
        result.more().then(function () {
          if (mine !== drawn) return;
          var before = hits.length;
          drawStatus();
          if (!before && hits.length && !shown) draw();
          else if (!showing) more.hidden = shown >= hits.length;
          searchOn();
        }).catch(function () { status.appendChild(el('p', 'hint', T.error)); });
      }
      /* Results are added in order at the end of the list, each whole: one
         near the screen with its sections (nothing above it moves), one
         further down with them once the reader nears it. */
      function showMore() {
        var batch = hits.slice(shown, shown + PAGE_SIZE);
        shown += batch.length;
        more.hidden = true;
        showing = true;
        var words = matchWords(result), mine = batches, chain = Promise.resolve();
        batch.forEach(function (hit) {
          var summary = S.summary(hit);
          chain = chain.then(function () { return summary; }).then(function (d) {
            if (mine !== batches) return;
            var li = renderHit(d, q, hit, words);
            var last = list.lastElementChild;
            if ((last ? last.getBoundingClientRect().bottom : list.getBoundingClientRect().top) > innerHeight + NEAR) {
              list.appendChild(li);
              whenSeen(li, function () { S.snippets(d, words).then(function () { addSections(li, d, q); }); });
              return;
            }
            return S.snippets(d, words).then(function () { if (mine === batches) { addSections(li, d, q); list.appendChild(li); } });
          });
        });
        return chain.then(function () { if (mine === batches) { showing = false; more.hidden = shown >= hits.length; } });
      }
      more.onclick = showMore;
      if (chosen.kind || chosen.topic || chosen.year) S.loadFacets().then(function (facets) { f = facets; return draw(); }).then(searchOn);
      else draw().then(searchOn);
    }).catch(function (e) { status.textContent = e && e.oldBrowser ? T.oldBrowser : T.error; });
  }
  /* Back and Forward between filters: the page draws what its address says. */
  if (document.getElementById('search-results')) window.addEventListener('popstate', function () { searchPage(); });

  /* ---- the header box: instant results ---- */
  /* A listbox whose options are the links themselves (an option holds no
     other control); ↑↓ move among them, Enter follows one, Esc closes the
     list and keeps the query (a second Esc clears it). 查看全部结果 is the last
     option and stays in sight at the list's foot. */
  function headerBox(input) {
    var listbox = document.getElementById('site-search-list');
    var composing = false, timer = null, active = -1, token = 0;
    function close() { listbox.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; }
    function options() { return listbox.querySelectorAll('a[role="option"]'); }
    function setActive(i) {
      var o = options();
      if (!o.length) return;
      active = (i + o.length) % o.length;
      o.forEach(function (x, k) { x.setAttribute('aria-selected', k === active ? 'true' : 'false'); });
      input.setAttribute('aria-activedescendant', o[active].id);
      o[active].scrollIntoView({ block: 'nearest' });
    }
    function option(id, cls, href, title) {
      var a = el('a', cls);
      a.id = id;
      a.setAttribute('role', 'option');
      a.setAttribute('aria-selected', 'false');
      a.href = href;
      a.tabIndex = -1;
      a.appendChild(el('span', 'option-title', title));
      return a;
    }
    /* As wide as there is room for, up to about 35 characters, never past
       the window's edge. */
    function place() {
      listbox.style.left = '';
      var r = listbox.getBoundingClientRect();
      var over = r.right - (document.documentElement.clientWidth - 8);
      if (over > 0) listbox.style.left = -Math.min(over, r.left - 8) + 'px';
    }
    function run() {
      var q = input.value;
      var mine = ++token;
      if (!q.trim()) { close(); return; }
      S.search(q, DROPDOWN_SIZE).then(function (result) {
        if (mine !== token) return;
        var top = result.hits.slice(0, DROPDOWN_SIZE);
        /* Found in the parts searched so far: more may be in the others. */
        var count = result.hits.length + (result.more ? '+' : '');
        return Promise.all(top.map(function (h) { return S.describe(h, matchWords(result)); })).then(function (ds) {
          if (mine !== token) return;
          listbox.textContent = '';
          if (!ds.length) {
            var none = el('div', 'empty', T.none(q));
            none.setAttribute('role', 'option');
            none.setAttribute('aria-disabled', 'true');
            listbox.appendChild(none);
          }
          ds.forEach(function (d, i) {
            var s = d.sections[0];
            var a = option('site-search-option-' + i, 'option', sectionHref(d.url, q, s ? s.anchor : ''), d.title + (s && s.title ? ' › ' + s.title : ''));
            if (s) a.appendChild(snippetNode(s.snippet, 'span'));
            listbox.appendChild(a);
          });
          listbox.appendChild(option('site-search-option-all', 'option see-all', root + 'search.html?q=' + encodeURIComponent(q),
            T.seeAll + (result.hits.length ? (S.english ? ' (' + count + ')' : '（' + count + '）') : '')));
          listbox.hidden = false;
          listbox.scrollTop = 0;
          place();
          input.setAttribute('aria-expanded', 'true');
          input.removeAttribute('aria-activedescendant');
          active = -1;
        });
      });
    }
    function schedule() { clearTimeout(timer); timer = setTimeout(run, DEBOUNCE_MS); }
    input.addEventListener('compositionstart', function () { composing = true; });
    input.addEventListener('compositionend', function () { composing = false; schedule(); });
    input.addEventListener('input', function (e) { if (!composing && !e.isComposing) schedule(); });
    input.addEventListener('keydown', function (e) {
      if (e.isComposing || e.keyCode === 229) return; // the Enter that picks an IME candidate
      if (e.key === 'ArrowDown') { e.preventDefault(); if (listbox.hidden) run(); else setActive(active + 1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); setActive(active - 1); }
      else if (e.key === 'Escape') {
        if (!listbox.hidden) { e.preventDefault(); clearTimeout(timer); token++; close(); }
        else if (input.value) { e.preventDefault(); input.value = ''; }
      }
      else if (e.key === 'Enter' && active >= 0) {
        e.preventDefault();
        location.href = options()[active].href;
      }
    });
    /* Closed a moment after the box loses focus (a click on a result lands
       first), unless it has the focus back by then. */
    var closing;
    input.addEventListener('blur', function () { closing = setTimeout(close, 200); });
    input.addEventListener('focus', function () { clearTimeout(closing); });
    if (input.value) schedule();
  }

  /* ---- on the page a result leads to: mark the terms, scroll to them ---- */
  function highlight(q) {
    var result = S.parse(q).filter(function (t) { return !t.exclude; });
    var targets = result.map(function (t) { return Array.from(t.words.join(' ')); });
    if (!targets.length) return;
    var scope = document.querySelector('.doc') || document.querySelector('main');
    if (!scope) return;
    var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var chars = Array.from(node.data);
      var norm = [], owner = [];
      chars.forEach(function (c, i) { Array.from(S.normalize(c)).forEach(function (n) { norm.push(n); owner.push(i); }); });
      var ranges = [];
      targets.forEach(function (t) {
        for (var i = 0; i + t.length <= norm.length; i++) {
          var ok = true;
          for (var k = 0; k < t.length && ok; k++) ok = t[k] === ' ' ? !/[\p{L}\p{N}]/u.test(norm[i + k]) : norm[i + k] === t[k];
          if (ok) ranges.push([owner[i], owner[i + t.length - 1] + 1]);
        }
      });
      if (!ranges.length) return;
      ranges.sort(function (a, b) { return a[0] - b[0]; });
      var frag = document.createDocumentFragment(), at = 0;
      ranges.forEach(function (r) {
        if (r[0] < at) return;
        frag.appendChild(document.createTextNode(chars.slice(at, r[0]).join('')));
        frag.appendChild(el('mark', 'search-hit', chars.slice(r[0], r[1]).join('')));
        at = r[1];
      });
      frag.appendChild(document.createTextNode(chars.slice(at).join('')));
      node.parentNode.replaceChild(frag, node);
    });
    var anchor = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    var marks = Array.from(document.querySelectorAll('mark.search-hit'));
    var first = marks.find(function (m) { return !anchor || (anchor.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING); }) || marks[0];
    if (first) { first.classList.add('search-current'); first.scrollIntoView({ block: 'center' }); }
  }

  S.ui = { searchPage: searchPage, headerBox: headerBox, highlight: highlight };
})();
