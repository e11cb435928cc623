/* shuyuan study record: what the reader has read and when, and their notes,
   kept in this browser (localStorage, which works from file:// too) under
   the library's own key, so that two libraries never share a record.
   One record per library: a reading done anywhere counts in every plan
   that includes it. Loaded by every page, before plan.js and record.js. */
(function () {
  'use strict';
  var S = window.__shuyuan = window.__shuyuan || {};
  var site = document.documentElement.getAttribute('data-site') || 'site';
  var PREFIX = 'shuyuan/' + site + '/';
  var KEY = PREFIX + 'record';
  /* What one record may hold, so that a planted or imported record cannot
     fill the browser's storage or a page: src/render/record.rs sets them
     (LIMITS) and the page carries them. On a page without them (a
     site's own copy of an older base.html) the record is only read, never
     written, so that nothing is cut short. */
  var LIMITS = { readings: 0, notes: 0, note: 0, label: 0, file: 0 }, limited = false;
  try {
    var given = JSON.parse(document.documentElement.getAttribute('data-record-limits'));
    limited = Object.keys(LIMITS).every(function (k) { return given && typeof given[k] === 'number'; });
    if (limited) Object.keys(LIMITS).forEach(function (k) { LIMITS[k] = given[k]; });
    else LIMITS = { readings: Infinity, notes: Infinity, note: Infinity, label: Infinity, file: 0 };
  } catch (e) { LIMITS = { readings: Infinity, notes: Infinity, note: Infinity, label: Infinity, file: 0 }; }

  function storage() { try { return window.localStorage; } catch (e) { return null; } }
  function ownKeys() {
    var s = storage(), keys = [];
    if (!s) return keys;
    for (var i = 0; i < s.length; i++) if (s.key(i).indexOf(PREFIX) === 0) keys.push(s.key(i));
    return keys;
  }
  function readKey(key) {
    var s = storage();
    try { return s && JSON.parse(s.getItem(key)); } catch (e) { return null; }
  }
  function pad(n) { return String(n).padStart(2, '0'); }
  function isoOf(d) { return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()); }
  function today() { return isoOf(new Date()); }
  /* A day as YYYY-MM-DD, from 2000 to tomorrow; anything else is no date. */
  function validDate(s) {
    if (typeof s !== 'string' || !/^\d{4}-\d\d-\d\d$/.test(s)) return null;
    var d = new Date(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
    if (isoOf(d) !== s || d.getFullYear() < 2000 || d.getTime() > Date.now() + 86400000) return null;
    return s;
  }
  /* The day of a time stamp (ms), when it is a plausible one. */
  function dayOf(ms) {
    if (typeof ms !== 'number' || !isFinite(ms)) return null;
    return validDate(isoOf(new Date(ms)));
  }
  /* A link is only ever a path inside the site: no scheme, no //, no ..;
     `page.html` or `page.html#heading`. */
  function sitePath(p) {
    if (typeof p !== 'string' || p.length > 2000) return null;
    var cut = p.indexOf('#');
    var path = cut < 0 ? p : p.slice(0, cut);
    var fragment = cut < 0 ? '' : p.slice(cut);
    if (!/^[A-Za-z0-9._~%\/-]+$/.test(path) || path.charAt(0) === '/' || path.indexOf('//') >= 0) return null;
    /* URLs read %2e as a dot: .%2e is .. too. */
    if (path.split('/').some(function (s) { s = s.replace(/%2e/gi, '.'); return s === '..' || s === '.'; })) return null;
    if (/[\u0000-\u001f\u007f<>"]/.test(fragment)) return null;
    return path + fragment;
  }
  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function empty() { return { v: 2, done: {}, notes: {}, plans: {} }; }

  /* Before the record there was progress per plan (`plan/<slug>`: done
     ids as 1, no dates): each reading ticked there comes over with the day
     that plan was last changed, the nearest day known. */
  /* The record made of it, or null when the browser holds none. */
  function migrate() {
    var s = storage(), old = ownKeys().filter(function (k) { return k.indexOf(PREFIX + 'plan/') === 0; });
    if (!old.length) return null;
    var rec = empty(), moved = 0;
    old.forEach(function (k) {
      var progress = readKey(k);
      if (progress && typeof progress === 'object') {
        moved += absorbOld(rec, k.slice(PREFIX.length + 5), progress, dayOf(progress.updated) || today(), sitePath).added;
      }
      if (s && limited) s.removeItem(k);
    });
    if (moved) rec.migrated = today();
    return rec;
  }
  /* Merges one plan's old progress into `rec`, on `day`: the readings
     `accept` takes (it returns the id to keep, or null) and the plan's
     next reading. Says what it added and what it left out. */
  function absorbOld(rec, slug, old, day, accept) {
    var got = { added: 0, bad: 0, next: false, badNext: false };
    var done = old.done && typeof old.done === 'object' ? old.done : {};
    Object.keys(done).slice(0, LIMITS.readings).forEach(function (id) {
      var ok = accept(id);
      if (!ok) got.bad++;
      else if (!doneEntry(rec, ok)) { rec.done[ok] = { d: day }; got.added++; }
    });
    var next = old.next, href = next && typeof next === 'object' && accept(next.href);
    if (href && typeof next.label === 'string') {
      /* Never later than now: a time planted in the future would keep this plan first. */
      rec.plans[slug] = { next: { label: next.label.slice(0, LIMITS.label), href: href }, updated: Math.min(+old.updated || Infinity, Date.now()) };
      got.next = true;
    } else if (next) got.badNext = true;
    return got;
  }
  /* The record as stored, every field checked: stored text is no more
     trusted than an imported file's. */
  function clean(raw) {
    var rec = empty();
    if (!raw || typeof raw !== 'object') return rec;
    var done = raw.done && typeof raw.done === 'object' ? raw.done : {};
    Object.keys(done).slice(0, LIMITS.readings).forEach(function (id) {
      var e = done[id], path = sitePath(id), d = e && validDate(e.d);
      if (!path || !d) return;
      var entry = { d: d };
      if (typeof e.m === 'number' && e.m >= 0 && e.m < 10000) entry.m = Math.round(e.m);
      if (typeof e.t === 'string') entry.t = e.t.slice(0, LIMITS.label);
      rec.done[path] = entry;
    });
    var notes = raw.notes && typeof raw.notes === 'object' ? raw.notes : {};
    Object.keys(notes).slice(0, LIMITS.notes).forEach(function (id) {
      var n = notes[id], path = sitePath(id);
      if (!path || !n || typeof n.x !== 'string' || !n.x) return;
      rec.notes[path] = { x: n.x.slice(0, LIMITS.note), d: validDate(n.d) || today() };
    });
    var plans = raw.plans && typeof raw.plans === 'object' ? raw.plans : {};
    Object.keys(plans).forEach(function (slug) {
      var p = plans[slug], next = p && p.next;
      if (!/^[A-Za-z0-9_-]{1,200}$/.test(slug) || !next || typeof next.label !== 'string' || !sitePath(next.href)) return;
      rec.plans[slug] = { next: { label: next.label.slice(0, LIMITS.label), href: sitePath(next.href) }, updated: +p.updated || 0 };
    });
    if (validDate(raw.migrated)) rec.migrated = raw.migrated;
    return rec;
  }
  function load() {
    var s = storage();
    var raw = s && s.getItem(KEY);
    if (raw === null || raw === undefined) {
      /* Written only when there was old progress to bring over: a page
         that merely reads an empty record writes nothing, so that it can
         never put an empty record over one that another page has just
         saved. */
      var rec = migrate();
      if (!rec) return empty();
      if (s) save(rec);
      return rec;
    }
    try { return clean(JSON.parse(raw)); } catch (e) { return empty(); }
  }
  function save(rec) {
    var s = limited && storage();
    if (s) s.setItem(KEY, JSON.stringify(rec));
  }
  /* Calls `fn` when another page of this library (another tab, or the
     page before this one, whose last write may reach this one only after
     it has drawn) changes what this browser holds. */
  var listeners = [];
  function onChange(fn) {
    listeners.push(fn);
    window.addEventListener('storage', function (e) {
      if (e.storageArea === storage() && (e.key === null || e.key.indexOf(PREFIX) === 0)) fn();
    });
  }
  /* Tells this page's own parts that the record changed here (an import,
     a reset), so that they draw it again without a reload. */
  function changed() { listeners.forEach(function (fn) { fn(); }); }
  /* The page a reading is part of: `a.html` of `a.html#heading`. */
  function pageOf(id) { var cut = id.indexOf('#'); return cut < 0 ? id : id.slice(0, cut); }
  /* Done: itself, or the whole page it is part of. Returns the entry. */
  function doneEntry(rec, id) {
    if (own(rec.done, id)) return rec.done[id];
    var page = pageOf(id);
    return page !== id && own(rec.done, page) ? rec.done[page] : null;
  }
  function mark(rec, id, info) {
    var entry = { d: today() };
    if (info && typeof info.m === 'number') entry.m = info.m;
    if (info && typeof info.t === 'string') entry.t = info.t.slice(0, LIMITS.label);
    rec.done[id] = entry;
  }
  /* Undoing a reading undoes the whole page's mark that covered it too. */
  function unmark(rec, id) {
    delete rec.done[id];
    if (pageOf(id) !== id) delete rec.done[pageOf(id)];
  }

  /* A day in the reader's language, from the record's words. */
  function dateText(iso, words) {
    if (!iso) return '';
    var months = (words.months || '').split(',');
    var m = +iso.slice(5, 7);
    return (words.date_format || '{y}-{m}-{d}')
      .replace('{y}', iso.slice(0, 4)).replace('{month}', months[m - 1] || m)
      .replace('{m}', String(m)).replace('{d}', String(+iso.slice(8, 10)));
  }
  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, k) { return own(values, k) ? values[k] : all; });
  }

  S.study = {
    PREFIX: PREFIX, KEY: KEY, LIMITS: LIMITS, site: site,
    load: load, save: save, clean: clean, empty: empty, absorbOld: absorbOld,
    doneEntry: doneEntry, mark: mark, unmark: unmark, pageOf: pageOf,
    today: today, validDate: validDate, dayOf: dayOf, sitePath: sitePath,
    dateText: dateText, fill: fill, own: own, ownKeys: ownKeys, storage: storage, onChange: onChange, changed: changed
  };
})();
