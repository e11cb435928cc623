/* shuyuan study plans: reading progress kept in the browser (localStorage,
   which works from file:// too), keyed by library and plan so that two
   libraries or two plans never mix; export to a file and import again,
   since localStorage belongs to one browser. */
(function () {
  'use strict';
  var site = document.documentElement.getAttribute('data-site') || 'site';
  var root = document.documentElement.getAttribute('data-root') || '';
  var english = /^en/i.test(document.documentElement.lang);
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

  /* ---- continue where you left off: the plan touched last ---- */
  var cont = document.getElementById('continue-studying');
  if (cont) {
    var last = null;
    ownKeys().forEach(function (k) {
      var st = read(k);
      if (st.next && (!last || st.updated > last.updated)) last = st;
    });
    if (last) {
      cont.appendChild(document.createTextNode((english ? 'Continue where you left off: ' : '继续学习：') + last.name + ' — '));
      var a = document.createElement('a');
      a.href = root + last.next.href;
      a.textContent = last.next.label;
      cont.appendChild(a);
      var p = document.createElement('a');
      p.href = root + last.url;
      p.className = 'continue-plan';
      p.textContent = (english ? ' (plan: ' : '（学习计划 ') + last.count + ' / ' + last.total + (english ? ')' : '）');
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
  /* Reads an exported file back; used by the file picker and by tests. */
  function importText(text) {
    var parsed;
    try { parsed = JSON.parse(text); } catch (e) { parsed = null; }
    if (!parsed || parsed.format !== FORMAT || parsed.site !== site || typeof parsed.data !== 'object') return false;
    Object.keys(parsed.data).forEach(function (k) { write(PREFIX + k, parsed.data[k]); });
    return true;
  }
  document.querySelectorAll('.progress-import').forEach(function (input) {
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        if (importText(String(reader.result))) location.reload();
        else alert(english ? 'Cannot import: the file is not shuyuan study progress of this library.' : '无法导入：文件不是本文库的学习进度。');
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
    window.__shuyuan = window.__shuyuan || {};
    /* The text keeps one block per line; the sections say which lines are headings. */
    window.__shuyuan.text = function (i, t) {
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
    pending.forEach(function (a) {
      var s = document.createElement('script');
      /* With the scripts' version (site.js), so that no text cached by an
         earlier version of shuyuan is read. */
      var version = (window.__shuyuan && window.__shuyuan.version) || '';
      s.src = root + 'search/p/' + a.getAttribute('data-page') + '.js' + (version ? '?' + version : '');
      document.body.appendChild(s);
    });
  }

  window.__shuyuan = window.__shuyuan || {};
  window.__shuyuan.progress = {
    export: function () { var d = {}; ownKeys().forEach(function (k) { d[k.slice(PREFIX.length)] = read(k); }); return JSON.stringify({ format: FORMAT, site: site, data: d }); },
    import: importText
  };
})();
