/* shuyuan study plans: reading progress kept in the browser (localStorage,
   which works from file:// too), keyed by library and plan so that two
   libraries or two plans never mix; export to a file and import again,
   since localStorage belongs to one browser. */
(function () {
  'use strict';
  var S = window.__shuyuan = window.__shuyuan || {};
  var site = document.documentElement.getAttribute('data-site') || 'site';
  /* The site root and language, as site.js (loaded first) read them. */
  var root = S.root || '', english = !!S.english;
  var PREFIX = 'shuyuan/' + site + '/';
  var FORMAT = 'shuyuan-progress';

  function storage() { try { return window.localStorage; } catch (e) { return null; } }
  function read(key) {
    var s = storage();
    try { return (s && JSON.parse(s.getItem(key))) || { done: {} }; } catch (e) { return { done: {} }; }
  }
  function write(key, state) {
    var s = storage();
    state.updated = Date.now();
    if (s) s.setItem(key, JSON.stringify(state));
  }
  function ownKeys() {
    var s = storage(), keys = [];
    if (!s) return keys;
    for (var i = 0; i < s.length; i++) if (s.key(i).indexOf(PREFIX) === 0) keys.push(s.key(i));
    return keys;
  }
  function today() {
    var d = new Date();
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  }

  /* ---- a plan page ---- */
  var plan = document.querySelector('.plan[data-plan]');
  if (plan) {
    var key = PREFIX + 'plan/' + plan.getAttribute('data-plan');
    var boxes = Array.from(plan.querySelectorAll('input.reading-done'));
    var state = read(key);
    boxes.forEach(function (b) { b.checked = !!state.done[b.getAttribute('data-id')]; });
    var refresh = function (save) {
      var done = boxes.filter(function (b) { return b.checked; }).length;
      var bar = document.getElementById('plan-progress-bar');
      bar.value = done;
      bar.textContent = done + ' / ' + boxes.length;
      plan.querySelector('.plan-progress-text').textContent = done + ' / ' + boxes.length;
      plan.querySelectorAll('section.session').forEach(function (s) {
        var mine = Array.from(s.querySelectorAll('input.reading-done'));
        s.querySelector('input.session-done').checked = mine.length > 0 && mine.every(function (b) { return b.checked; });
        s.classList.toggle('session-complete', s.querySelector('input.session-done').checked);
      });
      if (!save) return;
      state.done = {};
      boxes.forEach(function (b) { if (b.checked) state.done[b.getAttribute('data-id')] = 1; });
      var next = boxes.find(function (b) { return !b.checked; });
      var link = next && next.parentNode.querySelector('a');
      state.name = plan.getAttribute('data-name');
      state.url = plan.getAttribute('data-url');
      state.total = boxes.length;
      state.count = done;
      state.next = link ? { label: link.textContent, href: link.getAttribute('href').slice(root.length) } : null;
      write(key, state);
    };
    boxes.forEach(function (b) { b.addEventListener('change', function () { refresh(true); }); });
    plan.querySelectorAll('input.session-done').forEach(function (sb) {
      sb.addEventListener('change', function () {
        sb.closest('section').querySelectorAll('input.reading-done').forEach(function (b) { b.checked = sb.checked; });
        refresh(true);
      });
    });
    var now = today();
    plan.querySelectorAll('section.session[data-date]').forEach(function (s) {
      if (s.getAttribute('data-date') === now) {
        s.classList.add('session-today');
        s.querySelector('.today-badge').hidden = false;
      }
    });
    refresh(false);
  }

  /* ---- 我的学习: every plan's progress ---- */
  document.querySelectorAll('.plan-summary[data-plan]').forEach(function (li) {
    var st = read(PREFIX + 'plan/' + li.getAttribute('data-plan'));
    var total = +li.getAttribute('data-readings');
    var done = Math.min(total, Object.keys(st.done || {}).length);
    li.querySelector('progress').value = done;
    li.querySelector('.plan-progress-text').textContent = done + ' / ' + total;
  });

  /* ---- what stored progress may hold ----
     Stored progress comes from this browser or from an imported file, so
     nothing in it is trusted: a link is only ever a path inside the site
     (no scheme, no //, no ..), and names and plan links come from the
     site's own pages. */
  var MAX_LABEL = 200;
  function sitePath(p) {
    if (typeof p !== 'string' || p.length > 2000) return null;
    var cut = p.indexOf('#');
    var path = cut < 0 ? p : p.slice(0, cut);
    var fragment = cut < 0 ? '' : p.slice(cut);
    if (!/^[A-Za-z0-9._~%\/-]+$/.test(path) || path.charAt(0) === '/' || path.indexOf('//') >= 0) return null;
    /* URLs read %2e as a dot: .%2e is .. too. */
    if (path.split('/').some(function (s) { s = s.replace(/%2e/gi, '.'); return s === '..' || s === '.'; })) return null;
    if (/[\u0000-\u001f\u007f]/.test(fragment)) return null;
    return path + fragment;
  }
  /* The plans of this site, by slug, from the page's own elements. */
  function sitePlans() {
    var plans = {};
    document.querySelectorAll('[data-plans]').forEach(function (el) {
      el.getAttribute('data-plans').split(' ').forEach(function (slug) { if (slug) plans[slug] = plans[slug] || {}; });
    });
    document.querySelectorAll('[data-plan]').forEach(function (el) {
      var slug = el.getAttribute('data-plan');
      var known = plans[slug] = plans[slug] || {};
      ['name', 'url', 'readings'].forEach(function (a) { if (el.hasAttribute('data-' + a)) known[a] = el.getAttribute('data-' + a); });
    });
    return plans;
  }
  function slugOf(key) { return key.indexOf(PREFIX + 'plan/') === 0 ? key.slice(PREFIX.length + 5) : null; }

  /* ---- continue where you left off: the plan touched last ---- */
  var cont = document.getElementById('continue-studying');
  if (cont) {
    var known = sitePlans();
    var last = null;
    ownKeys().forEach(function (k) {
      var slug = slugOf(k), st = read(k);
      var plan = slug !== null && Object.prototype.hasOwnProperty.call(known, slug) && known[slug];
      if (!plan || !plan.url || !st.next) return;
      var href = sitePath(st.next.href);
      if (!href || typeof st.next.label !== 'string') return;
      if (!last || +st.updated > +last.updated) last = { updated: st.updated, plan: plan, href: href, label: st.next.label, done: Object.keys(st.done || {}).length };
    });
    if (last) {
      var total = +last.plan.readings || 0;
      cont.appendChild(document.createTextNode((english ? 'Continue where you left off: ' : '继续学习：') + (last.plan.name || '') + ' — '));
      var a = document.createElement('a');
      a.href = root + last.href;
      a.textContent = last.label.slice(0, MAX_LABEL);
      cont.appendChild(a);
      var p = document.createElement('a');
      p.href = root + last.plan.url;
      p.className = 'continue-plan';
      p.textContent = (english ? ' (plan: ' : '（学习计划 ') + Math.min(total, last.done) + ' / ' + total + (english ? ')' : '）');
      cont.appendChild(p);
      cont.hidden = false;
    }
  }

  /* ---- export, import, reset ---- */
  document.querySelectorAll('.progress-export').forEach(function (b) {
    b.addEventListener('click', function () {
      var data = {};
      ownKeys().forEach(function (k) { data[k.slice(PREFIX.length)] = read(k); });
      var blob = new Blob([JSON.stringify({ format: FORMAT, site: site, exported: new Date().toISOString(), data: data }, null, 1)], { type: 'application/json' });
      var a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'shuyuan-progress-' + site + '.json';
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    });
  });
  /* Reads an exported file back; used by the file picker and by tests.
     Keeps only this site's plans and, in each, the readings and the link
     that are paths inside the site; says what it left out. Returns null
     for a file that is not this library's progress, else
     { imported: [plan slugs], refused: [what was left out, in words] }. */
  function importText(text) {
    var parsed;
    try { parsed = JSON.parse(text); } catch (e) { parsed = null; }
    if (!parsed || parsed.format !== FORMAT || parsed.site !== site || !parsed.data || typeof parsed.data !== 'object') return null;
    var known = sitePlans(), report = { imported: [], refused: [] };
    Object.keys(parsed.data).forEach(function (k) {
      var entry = parsed.data[k];
      var slug = k.indexOf('plan/') === 0 ? k.slice(5) : null;
      if (slug === null || !Object.prototype.hasOwnProperty.call(known, slug)) {
        report.refused.push(english ? '“' + k + '”: no such study plan in this library' : '“' + k + '”：本文库没有这个学习计划');
        return;
      }
      if (!entry || typeof entry !== 'object') {
        report.refused.push(english ? '“' + slug + '”: not progress' : '“' + slug + '”：不是学习进度');
        return;
      }
      var state = { done: {} }, bad = 0;
      Object.keys(entry.done && typeof entry.done === 'object' ? entry.done : {}).forEach(function (id) {
        if (sitePath(id)) state.done[id] = 1; else bad++;
      });
      if (bad) report.refused.push(english ? '“' + slug + '”: ' + bad + ' readings that are not pages of this site' : '“' + slug + '”：' + bad + ' 项不是本站的页面');
      var next = entry.next;
      if (next && typeof next === 'object' && sitePath(next.href) && typeof next.label === 'string') {
        state.next = { label: next.label.slice(0, MAX_LABEL), href: sitePath(next.href) };
      } else if (next) {
        report.refused.push(english ? '“' + slug + '”: a link outside this site' : '“' + slug + '”：指向本站以外的链接');
      }
      state.count = Object.keys(state.done).length;
      write(PREFIX + k, state);
      report.imported.push(slug);
    });
    return report;
  }
  function describe(report) {
    var head = english
      ? 'Imported the progress of ' + report.imported.length + ' study plans.'
      : '已导入 ' + report.imported.length + ' 个学习计划的进度。';
    if (!report.refused.length) return head;
    return head + (english ? '\nLeft out:\n' : '\n未导入：\n') + report.refused.map(function (r) { return '· ' + r; }).join('\n');
  }
  document.querySelectorAll('.progress-import').forEach(function (input) {
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        var report = importText(String(reader.result));
        if (!report) {
          alert(english ? 'Cannot import: the file is not shuyuan study progress of this library.' : '无法导入：文件不是本文库的学习进度。');
          return;
        }
        if (report.refused.length) alert(describe(report));
        location.reload();
      };
      reader.readAsText(file);
    });
  });
  document.querySelectorAll('.progress-reset').forEach(function (b) {
    b.addEventListener('click', function () {
      if (!confirm(b.getAttribute('data-confirm'))) return;
      var s = storage();
      if (!s) return;
      if (b.getAttribute('data-all')) ownKeys().forEach(function (k) { s.removeItem(k); });
      else if (plan) s.removeItem(PREFIX + 'plan/' + plan.getAttribute('data-plan'));
      location.reload();
    });
  });

  /* ---- a large print pack: each reading's text loads when the pack opens ---- */
  var pending = Array.from(document.querySelectorAll('article.print-doc[data-page]'));
  if (pending.length) {
    var byId = {};
    var left = pending.length;
    pending.forEach(function (a) { byId[a.getAttribute('data-page')] = a; });
    /* The text keeps one block per line; the sections say which lines are headings. */
    S.calls.text = function (i, t) {
      var article = byId[i];
      if (!article) return;
      var body = article.querySelector('.doc-body');
      var heads = {};
      t.s.forEach(function (s) { heads[s[0]] = s; });
      var at = t.b;
      Array.from(t.x).slice(t.b).join('').split('\n').forEach(function (line) {
        var h = heads[at];
        at += Array.from(line).length + 1;
        if (!line.trim()) return;
        var el = document.createElement(h && h[3] <= 6 ? 'h' + Math.max(2, h[3]) : 'p');
        if (h) el.id = h[1];
        el.textContent = line;
        body.appendChild(el);
      });
      if (--left === 0) { var l = document.getElementById('print-loading'); if (l) l.hidden = true; }
    };
    /* With the scripts' version (site.js), so that no text cached by an
       earlier version of shuyuan is read. */
    var files = {};
    pending.forEach(function (a) { files[S.textFile(+a.getAttribute('data-page'))] = true; });
    Object.keys(files).forEach(function (f) { S.script('search/' + f); });
  }

  S.progress = {
    export: function () { var d = {}; ownKeys().forEach(function (k) { d[k.slice(PREFIX.length)] = read(k); }); return JSON.stringify({ format: FORMAT, site: site, data: d }); },
    import: importText,
    describe: describe
  };
})();
