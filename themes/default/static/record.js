/* shuyuan study record (学习记录): the record on 我的学习 (by month and by
   plan, with totals and notes), the printable record.html, and the
   record's files: JSON (the whole record) and CSV (for Excel and WPS),
   exported and imported again. Reads plans/catalog.js, which the build
   writes: every page's title and minutes, every plan's readings, and the
   words. Nothing read from storage or a file is trusted: it is checked
   against the catalog and shown as text, never as HTML. */
(function () {
  'use strict';
  var S = window.__shuyuan = window.__shuyuan || {};
  var St = S.study, C = S.catalog;
  if (!St || !C) return;
  var root = S.root || '', W = C.words;
  var FORMAT = 'shuyuan-record', OLD_FORMAT = 'shuyuan-progress';
  /* The largest file an import reads (src/render/record.rs). */
  var MAX_FILE = St.LIMITS.file;
  var own = St.own;

  /* ---- the catalog, indexed ---- */
  var pages = {}, readings = {}, plansOfPage = {}, planBySlug = {};
  C.pages.forEach(function (p) { pages[p[0]] = { title: p[1], minutes: p[2] }; });
  C.plans.forEach(function (plan) {
    planBySlug[plan.slug] = plan;
    plan.readings.forEach(function (r) {
      readings[r[0]] = { label: r[1], minutes: r[2] };
      var page = St.pageOf(r[0]);
      var list = plansOfPage[page] = plansOfPage[page] || [];
      if (list.indexOf(plan) < 0) list.push(plan);
    });
  });
  /* A reading id of this site: a page of it, or a part of one. */
  function knownId(id) {
    var path = St.sitePath(id);
    return path && own(pages, St.pageOf(path)) ? path : null;
  }
  /* The plans a reading counts in: those that hold it, its page, or a part of its page. */
  function plansOf(id) {
    var page = St.pageOf(id);
    return (plansOfPage[page] || []).filter(function (plan) {
      return id === page || plan.readings.some(function (r) { return r[0] === id || r[0] === page; });
    });
  }

  /* ---- the record: one entry per reading done, with its day and minutes ---- */
  function entries(rec) {
    var list = [];
    Object.keys(rec.done).forEach(function (id) {
      var page = St.pageOf(id), e = rec.done[id];
      /* A part of a page read whole is in the record once, as the page. */
      if (page !== id && own(rec.done, page)) return;
      var r = own(readings, id) ? readings[id] : null, p = own(pages, page) ? pages[page] : null;
      var title = r ? r.label : p && id === page ? p.title : e.t || (p ? p.title : id);
      var minutes = r ? r.minutes : p && id === page ? p.minutes : typeof e.m === 'number' ? e.m : 0;
      list.push({ id: id, date: e.d, title: String(title).slice(0, St.LIMITS.label), minutes: minutes, plans: plansOf(id), known: !!p });
    });
    list.sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : a.title < b.title ? -1 : 1; });
    return list;
  }
  /* Documents (distinct pages), minutes, and hours to one decimal. */
  function totals(list) {
    var seen = {}, minutes = 0;
    list.forEach(function (e) { seen[St.pageOf(e.id)] = 1; minutes += e.minutes; });
    return { docs: Object.keys(seen).length, minutes: minutes, hours: (Math.round(minutes / 6) / 10).toFixed(1) };
  }
  function totalsText(list) { return St.fill(W.totals, totals(list)); }
  function planNames(e) { return e.plans.map(function (p) { return p.name; }).join(C.separator); }
  /* When a plan was completed: the day its last reading was done, once all are. */
  function completedOn(rec, plan) {
    var last = '';
    for (var i = 0; i < plan.readings.length; i++) {
      var e = St.doneEntry(rec, plan.readings[i][0]);
      if (!e) return null;
      if (e.d > last) last = e.d;
    }
    return plan.readings.length ? last : null;
  }

  /* ---- CSV: what Excel and WPS open with the Chinese intact ----
     UTF-8 with a byte-order mark, CRLF, every field that needs it quoted;
     a field that a spreadsheet would take for a formula starts with '. */
  var COLUMNS = ['col_date', 'col_document', 'col_plan', 'col_minutes', 'col_link', 'col_note'];
  function csvField(v) {
    var s = String(v === undefined || v === null ? '' : v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csvRows(rows) {
    return '\ufeff' + rows.map(function (r) { return r.map(csvField).join(','); }).join('\r\n') + '\r\n';
  }
  function csv(rec) {
    var rows = [COLUMNS.map(function (c) { return W[c]; })], noted = {};
    entries(rec).forEach(function (e) {
      var page = St.pageOf(e.id), note = own(rec.notes, page) && !noted[page] ? rec.notes[page].x : '';
      if (note) noted[page] = 1;
      rows.push([e.date, e.title, planNames(e), e.minutes, e.id, note]);
    });
    Object.keys(rec.notes).forEach(function (page) {
      if (noted[page]) return;
      var p = own(pages, page) ? pages[page] : null;
      rows.push(['', p ? p.title : page, '', '', page, rec.notes[page].x]);
    });
    return csvRows(rows);
  }
  /* RFC 4180, as Excel and WPS write it back: quoted fields, "" inside. */
  function parseCsv(text) {
    var rows = [], row = [], field = '', quoted = false, i = 0;
    text = text.replace(/^\ufeff/, '');
    for (; i < text.length; i++) {
      var c = text.charAt(i);
      if (quoted) {
        if (c === '"' && text.charAt(i + 1) === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text.charAt(i + 1) === '\n') i++;
        row.push(field); rows.push(row); row = []; field = '';
      } else field += c;
    }
    if (field || row.length) { row.push(field); rows.push(row); }
    return rows;
  }
  function unquote(s) { return String(s || '').replace(/^'(?=[=+\-@\t\r])/, ''); }

  /* ---- import: JSON (this record, or the old progress per plan) or CSV ---- */
  function merge(rec, id, entry, report) {
    if (St.doneEntry(rec, id)) return;
    rec.done[id] = entry;
    report.readings++;
  }
  function mergeNote(rec, page, text, report) {
    text = String(text).slice(0, St.LIMITS.note);
    if (!text.trim()) return;
    var had = own(rec.notes, page) ? rec.notes[page].x : '';
    if (had.indexOf(text) >= 0) return;
    rec.notes[page] = { x: (had ? had + '\n\n' + text : text).slice(0, St.LIMITS.note), d: St.today() };
    report.notes++;
  }
  function importOld(rec, parsed, report) {
    var day = St.validDate(String(parsed.exported || '').slice(0, 10)) || St.today();
    Object.keys(parsed.data).forEach(function (k) {
      var entry = parsed.data[k], slug = k.indexOf('plan/') === 0 ? k.slice(5) : null;
      if (slug === null || !own(planBySlug, slug) || !entry || typeof entry !== 'object') {
        report.refused.push(St.fill(W.not_a_plan, { x: k.slice(0, 100) }));
        return;
      }
      var got = St.absorbOld(rec, slug, entry, St.dayOf(entry.updated) || day, knownId);
      report.readings += got.added;
      if (got.bad) report.refused.push(St.fill(W.not_a_page, { x: slug, n: got.bad }));
      if (got.badNext) report.refused.push(St.fill(W.outside_link, { x: slug }));
      report.plans += got.added || got.next ? 1 : 0;
    });
  }
  function importRecord(rec, parsed, report) {
    var other = St.clean(parsed), bad = 0;
    Object.keys(other.done).forEach(function (id) { if (knownId(id)) merge(rec, id, other.done[id], report); else bad++; });
    Object.keys(other.notes).forEach(function (id) { if (own(pages, id)) mergeNote(rec, id, other.notes[id].x, report); else bad++; });
    Object.keys(other.plans).forEach(function (slug) {
      if (!own(planBySlug, slug)) report.refused.push(St.fill(W.not_a_plan, { x: slug }));
      else if (!own(rec.plans, slug) && knownId(other.plans[slug].next.href)) rec.plans[slug] = other.plans[slug];
    });
    if (bad) report.refused.push(St.fill(W.not_a_page, { x: FORMAT, n: bad }));
  }
  function importCsv(rec, text, report) {
    var rows = parseCsv(text);
    if (rows.length < 1 || rows[0].length < 5) return false;
    rows.slice(1, St.LIMITS.readings + 1).forEach(function (row, i) {
      if (row.length === 1 && !row[0]) return;
      var id = knownId(unquote(row[4])), date = row[0] ? St.validDate(unquote(row[0]).replace(/\//g, '-')) : null;
      if (!id || (row[0] && !date)) { report.refused.push(St.fill(W.bad_row, { n: i + 2 })); return; }
      if (date) merge(rec, id, { d: date }, report);
      if (row[5]) mergeNote(rec, St.pageOf(id), unquote(row[5]), report);
    });
    return true;
  }
  /* Reads a file's text into the record; returns null for a file that is
     no record of this library, else what it merged and what it left out. */
  function importText(text) {
    var report = { readings: 0, notes: 0, plans: 0, refused: [] };
    if (typeof text !== 'string' || text.length > MAX_FILE) return null;
    var rec = St.load(), body = text.replace(/^\ufeff/, ''), parsed = null;
    if (/^\s*\{/.test(body)) {
      try { parsed = JSON.parse(body); } catch (e) { return null; }
      if (!parsed || parsed.site !== St.site) return null;
      if (parsed.format === OLD_FORMAT && parsed.data && typeof parsed.data === 'object') importOld(rec, parsed, report);
      else if (parsed.format === FORMAT) importRecord(rec, parsed, report);
      else return null;
    } else if (!importCsv(rec, body, report)) return null;
    St.save(rec);
    return report;
  }
  function describe(report) {
    var head = St.fill(W.merged, report);
    if (!report.refused.length) return head;
    return head + '\n' + W.left_out + '\n' + report.refused.slice(0, 50).map(function (r) { return '· ' + r; }).join('\n');
  }
  function exportJson() {
    var rec = St.load();
    return JSON.stringify({ format: FORMAT, version: 2, site: St.site, exported: new Date().toISOString(), done: rec.done, notes: rec.notes, plans: rec.plans }, null, 1);
  }

  /* ---- building the page, as text only ---- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function link(e, text) {
    if (!e.known) return el('span', '', text);
    var a = el('a', '', text);
    a.href = root + e.id;
    return a;
  }
  function entryItem(e, withPlans) {
    var li = el('li', 'record-entry');
    li.appendChild(el('time', '', St.dateText(e.date, W)));
    li.appendChild(document.createTextNode(' '));
    li.appendChild(link(e, e.title));
    li.appendChild(el('span', 'reading-minutes', e.minutes + ' ' + C.minutes));
    if (withPlans && e.plans.length) li.appendChild(el('span', 'record-plans', planNames(e)));
    return li;
  }
  function group(box, title, list, withPlans) {
    var details = el('details', 'record-group');
    details.open = true;
    var summary = el('summary');
    summary.appendChild(el('span', 'record-group-title', title));
    summary.appendChild(el('span', 'count', totalsText(list)));
    details.appendChild(summary);
    var ol = el('ol', 'record-list');
    list.forEach(function (e) { ol.appendChild(entryItem(e, withPlans)); });
    details.appendChild(ol);
    box.appendChild(details);
  }
  function monthTitle(ym) {
    var months = (W.months || '').split(','), m = +ym.slice(5, 7);
    return St.fill(W.month_format, { y: ym.slice(0, 4), m: m, month: months[m - 1] || m });
  }
  function showMine(rec) {
    var list = entries(rec);
    document.querySelectorAll('.plan-summary[data-plan]').forEach(function (li) {
      var plan = planBySlug[li.getAttribute('data-plan')];
      if (!plan) return;
      var done = plan.readings.filter(function (r) { return St.doneEntry(rec, r[0]); }).length;
      li.querySelector('progress').value = done;
      li.querySelector('.plan-progress-text').textContent = done + ' / ' + plan.readings.length;
      var complete = completedOn(rec, plan);
      li.querySelectorAll('.plan-complete').forEach(function (b) { b.remove(); });
      if (complete) li.appendChild(el('span', 'badge plan-complete', St.fill(W.plan_complete, { date: St.dateText(complete, W) })));
    });
    var view = document.getElementById('record-view');
    if (!view) return;
    document.getElementById('record-totals').textContent = totalsText(list);
    document.getElementById('record-empty').hidden = list.length > 0;
    var months = document.getElementById('record-by-month'), byPlan = document.getElementById('record-by-plan');
    months.replaceChildren();
    byPlan.replaceChildren();
    var keys = {};
    list.forEach(function (e) { (keys[e.date.slice(0, 7)] = keys[e.date.slice(0, 7)] || []).push(e); });
    Object.keys(keys).sort().reverse().forEach(function (ym) { group(months, monthTitle(ym), keys[ym], true); });
    C.plans.forEach(function (plan) {
      var mine = list.filter(function (e) { return e.plans.indexOf(plan) >= 0; });
      if (mine.length) group(byPlan, plan.name, mine, false);
    });
    var outside = list.filter(function (e) { return !e.plans.length; });
    if (outside.length) group(byPlan, W.no_plan, outside, false);
    months.hidden = byPlan.hidden = !list.length;
    showNotes(rec, document.getElementById('notes-list'));
  }
  function showNotes(rec, box) {
    if (!box) return 0;
    box.replaceChildren();
    var ids = Object.keys(rec.notes).filter(function (id) { return own(pages, id); });
    ids.sort(function (a, b) { return rec.notes[a].d < rec.notes[b].d ? 1 : -1; });
    ids.forEach(function (id) {
      var item = el('article', 'note-item');
      var h = el('h3');
      h.appendChild(link({ id: id, known: true }, pages[id].title));
      h.appendChild(el('time', 'count', St.dateText(rec.notes[id].d, W)));
      item.appendChild(h);
      rec.notes[id].x.split(/\n/).forEach(function (line) { if (line.trim()) item.appendChild(el('p', '', line)); });
      box.appendChild(item);
    });
    var none = box.parentNode.querySelector('.no-notes');
    if (none) none.hidden = ids.length > 0;
    return ids.length;
  }
  /* ---- record.html: the printable 学习记录 ---- */
  function showRecord(rec) {
    var list = entries(rec), body = document.getElementById('record-rows');
    body.replaceChildren();
    list.forEach(function (e) {
      var tr = el('tr');
      [St.dateText(e.date, W), e.title, planNames(e), String(e.minutes)].forEach(function (v, i) { tr.appendChild(el('td', 'col-' + i, v)); });
      body.appendChild(tr);
    });
    document.getElementById('record-totals').textContent = totalsText(list);
    document.getElementById('record-empty').hidden = list.length > 0;
    document.getElementById('record-period').textContent = list.length
      ? St.fill(W.record_period, { from: St.dateText(list[0].date, W), to: St.dateText(list[list.length - 1].date, W) }) : '';
    var notes = document.getElementById('record-notes');
    notes.hidden = !showNotes(rec, document.getElementById('notes-list'));
    /* Name and unit: typed once, kept in this browser; not redrawn while typed in. */
    ['name', 'unit'].forEach(function (k) {
      var input = document.getElementById('record-' + k), s = St.storage();
      if (input !== document.activeElement) input.value = (s && s.getItem(St.PREFIX + 'me/' + k)) || '';
    });
  }
  ['name', 'unit'].forEach(function (k) {
    var input = document.getElementById('record-' + k), s = St.storage();
    if (input) input.addEventListener('input', function () { if (s) s.setItem(St.PREFIX + 'me/' + k, input.value.slice(0, 100)); });
  });

  /* ---- the buttons ---- */
  function download(text, name, type) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  document.querySelectorAll('.progress-export').forEach(function (b) {
    b.addEventListener('click', function () { download(exportJson(), 'shuyuan-record-' + St.site + '.json', 'application/json'); });
  });
  document.querySelectorAll('.record-csv').forEach(function (b) {
    b.addEventListener('click', function () { download(csv(St.load()), 'shuyuan-record-' + St.site + '.csv', 'text/csv;charset=utf-8'); });
  });
  /* What an import merged is said on the page, which draws the record
     again in place: no reload. */
  function say(text) {
    document.querySelectorAll('.import-report').forEach(function (p) { p.textContent = text; p.hidden = !text; });
  }
  document.querySelectorAll('.progress-import').forEach(function (input) {
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      say('');
      if (!file) return;
      if (file.size > MAX_FILE) { say(W.cannot_import + ' (' + W.too_large + ')'); return; }
      var reader = new FileReader();
      reader.onload = function () {
        var report = importText(String(reader.result));
        /* So that choosing the same file again imports it again. */
        input.value = '';
        if (!report) { say(W.cannot_import); return; }
        say(describe(report));
        St.changed();
      };
      reader.readAsText(file);
    });
  });
  document.querySelectorAll('.progress-reset').forEach(function (b) {
    b.addEventListener('click', function () {
      if (!confirm(b.getAttribute('data-confirm'))) return;
      var rec = St.load(), plan = document.querySelector('.plan[data-plan]');
      if (b.getAttribute('data-all')) rec = St.empty();
      else if (plan && own(planBySlug, plan.getAttribute('data-plan'))) {
        planBySlug[plan.getAttribute('data-plan')].readings.forEach(function (r) { St.unmark(rec, r[0]); });
        delete rec.plans[plan.getAttribute('data-plan')];
      }
      St.save(rec);
      St.changed();
    });
  });

  var show = function () { if (document.getElementById('record-rows')) showRecord(St.load()); else showMine(St.load()); };
  show();
  /* A reading marked, or a record imported, in another tab (or by the page
     before this one, when its write reaches this page only after it has
     drawn) shows here at once. */
  St.onChange(show);

  S.record = {
    entries: function () { return entries(St.load()); },
    totals: function () { return totals(entries(St.load())); },
    csv: function () { return csv(St.load()); },
    csvRows: csvRows, parseCsv: parseCsv, totalsOf: totals,
    import: importText, describe: describe, export: exportJson
  };
  /* As before, for scripts and tests that know the old name. */
  S.progress = { export: exportJson, import: importText, describe: describe };
})();
