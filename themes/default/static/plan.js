/* shuyuan study plans and reading: a plan's ticks, 标记为已读 and notes on a
   document page, 继续学习, and the print pack's texts. What is read is kept
   by study.js (loaded first), one record per library; record.js shows it,
   exports and imports it. */
(function () {
  'use strict';
  var S = window.__shuyuan = window.__shuyuan || {};
  /* The site root and language, as site.js (loaded first) read them. */
  var root = S.root || '';

  var St = S.study;
  if (!St) return;
  var rec = St.load();
  /* What each part of the page draws again when the record changes elsewhere. */
  var redraw = [];
  St.onChange(function () { rec = St.load(); redraw.forEach(function (f) { f(); }); });
  /* The date words an element carries (data-date-format, data-months). */
  function wordsOf(el) {
    return { date_format: el.getAttribute('data-date-format'), months: el.getAttribute('data-months') || '' };
  }

  /* ---- a plan page: a box per reading, ticked when the reading is done anywhere ---- */
  var plan = document.querySelector('.plan[data-plan]');
  if (plan) {
    var slug = plan.getAttribute('data-plan');
    var boxes = Array.from(plan.querySelectorAll('input.reading-done'));
    var idOf = function (b) { return b.getAttribute('data-id'); };
    var sync = function () { boxes.forEach(function (b) { b.checked = !!St.doneEntry(rec, idOf(b)); }); };
    var refresh = function () {
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
      /* Complete: every reading done; on the day the last of them was. */
      var complete = plan.querySelector('.plan-complete');
      var last = boxes.length && done === boxes.length
        ? boxes.map(function (b) { return St.doneEntry(rec, idOf(b)).d; }).sort().pop() : null;
      complete.hidden = !last;
      complete.textContent = last ? St.fill(complete.getAttribute('data-text'), { date: St.dateText(last, wordsOf(complete)) }) : '';
      plan.classList.toggle('plan-is-complete', !!last);
    };
    var remember = function () {
      var next = boxes.find(function (b) { return !b.checked; });
      var link = next && next.parentNode.querySelector('a');
      rec.plans[slug] = { next: link ? { label: link.textContent, href: link.getAttribute('href').slice(root.length) } : null, updated: Date.now() };
      if (!rec.plans[slug].next) delete rec.plans[slug];
      St.save(rec);
    };
    var tick = function (b) {
      var minutes = parseInt(b.closest('li').querySelector('.reading-minutes').textContent, 10);
      var label = b.parentNode.querySelector('a').textContent;
      if (b.checked) { if (!St.doneEntry(rec, idOf(b))) St.mark(rec, idOf(b), { m: minutes, t: label }); } else St.unmark(rec, idOf(b));
    };
    boxes.forEach(function (b) {
      b.addEventListener('change', function () { rec = St.load(); tick(b); sync(); refresh(); remember(); });
    });
    plan.querySelectorAll('input.session-done').forEach(function (sb) {
      sb.addEventListener('change', function () {
        rec = St.load();
        sb.closest('section').querySelectorAll('input.reading-done').forEach(function (b) { b.checked = sb.checked; tick(b); });
        sync(); refresh(); remember();
      });
    });
    var now = St.today();
    plan.querySelectorAll('section.session[data-date]').forEach(function (s) {
      if (s.getAttribute('data-date') === now) {
        s.classList.add('session-today');
        s.querySelector('.today-badge').hidden = false;
      }
    });
    sync();
    refresh();
    redraw.push(function () { sync(); refresh(); });
  }

  /* ---- a document page: 标记为已读 where one reads, and notes ---- */
  var marker = document.querySelector('.mark-read[data-page]');
  if (marker) {
    var page = marker.getAttribute('data-page');
    var info = { m: +marker.getAttribute('data-minutes') || 0, t: marker.getAttribute('data-title') || '' };
    var offers = Array.from(document.querySelectorAll('.mark-read-button'));
    var state = marker.querySelector('.read-state'), undo = marker.querySelector('.mark-undo');
    var offerEnd = document.querySelector('.end-offer');
    var show = function () {
      var e = rec.done[page] || null;
      offers.forEach(function (b) { if (b.closest('.mark-read')) b.hidden = !!e; });
      state.hidden = undo.hidden = !e;
      state.textContent = e ? St.fill(marker.getAttribute('data-read-on'), { date: St.dateText(e.d, wordsOf(marker)) }) : '';
      /* The end of the page offers it; it never marks by itself. */
      if (offerEnd) offerEnd.hidden = !!e;
      marker.hidden = false;
    };
    offers.forEach(function (b) {
      b.addEventListener('click', function () { rec = St.load(); St.mark(rec, page, info); St.save(rec); show(); });
    });
    undo.addEventListener('click', function () { rec = St.load(); St.unmark(rec, page); St.save(rec); show(); });
    show();
    redraw.push(show);
    /* Without this script nothing here would work: shown only now. */
    var end = document.querySelector('.study-end');
    if (end) end.hidden = false;
    var notes = document.querySelector('.study-notes textarea');
    if (notes) {
      var saved = document.querySelector('.study-notes .notes-saved');
      notes.value = St.own(rec.notes, page) ? rec.notes[page].x : '';
      if (notes.value) notes.closest('details').open = true;
      var timer = null;
      /* Saved as typed: a moment after the last key, and when leaving. */
      var keep = function () {
        clearTimeout(timer);
        timer = null;
        rec = St.load();
        var text = notes.value.slice(0, St.LIMITS.note);
        if (text.trim()) rec.notes[page] = { x: text, d: St.today() }; else delete rec.notes[page];
        St.save(rec);
        saved.textContent = saved.getAttribute('data-saved');
      };
      /* A note changed elsewhere shows here, unless this one is being written. */
      redraw.push(function () {
        if (timer || notes === document.activeElement) return;
        notes.value = St.own(rec.notes, page) ? rec.notes[page].x : '';
      });
      notes.addEventListener('input', function () { saved.textContent = ''; clearTimeout(timer); timer = setTimeout(keep, 400); });
      notes.addEventListener('blur', keep);
      window.addEventListener('pagehide', function () { if (timer) keep(); });
    }
  }

  /* ---- continue where you left off: the plan touched last ---- */
  var MAX_LABEL = St.LIMITS.label;
  function sitePlans() {
    var plans = {};
    document.querySelectorAll('[data-plan]').forEach(function (el) {
      var slug = el.getAttribute('data-plan');
      var known = plans[slug] = plans[slug] || {};
      ['name', 'url', 'readings'].forEach(function (a) { if (el.hasAttribute('data-' + a)) known[a] = el.getAttribute('data-' + a); });
    });
    return plans;
  }
  var cont = document.getElementById('continue-studying');
  var offerToContinue = function () {
    cont.replaceChildren();
    cont.hidden = true;
    var known = sitePlans();
    var last = null;
    Object.keys(rec.plans).forEach(function (slug) {
      var st = rec.plans[slug];
      var plan = St.own(known, slug) && known[slug];
      if (!plan || !plan.url || !st.next) return;
      if (!last || +st.updated > +last.updated) last = { updated: st.updated, plan: plan, href: st.next.href, label: st.next.label };
    });
    if (last) {
      cont.appendChild(document.createTextNode(St.fill(cont.getAttribute('data-text'), { plan: last.plan.name || '' })));
      /* The next reading as the plan page left it, unless it has been read since (on its own page). */
      if (!St.doneEntry(rec, last.href)) {
        var a = document.createElement('a');
        a.href = root + last.href;
        a.textContent = last.label.slice(0, MAX_LABEL);
        cont.appendChild(a);
      }
      var p = document.createElement('a');
      p.href = root + last.plan.url;
      p.className = 'continue-plan';
      p.textContent = cont.getAttribute('data-plan-text');
      cont.appendChild(p);
      cont.hidden = false;
    }
  };
  if (cont) {
    offerToContinue();
    redraw.push(offerToContinue);
  }

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

})();
