/* shuyuan serve: reload when a rebuild has finished, swap stylesheets when
   only CSS changed, show a build error over the page until it is fixed, and
   the build's warnings in a corner box that opens on a click. Problems come
   as lines (src/serve/report.rs): a family of like problems is one line with
   its count, which opens to list its members; errors come before warnings. */
(function () {
  'use strict';
  var es = new EventSource('/__shuyuan/events');
  var overlay = null;
  es.addEventListener('reload', function () { location.reload(); });
  es.addEventListener('css', function () {
    if (overlay) { location.reload(); return; }
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set('v', String(Date.now()));
      link.href = url.href;
    });
  });

  function element(tag, css, text) {
    var e = document.createElement(tag);
    if (css) { e.style.cssText = css; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function more(n) {
    return '… and ' + n + ' more: shuyuan check --verbose lists them all';
  }

  /* A listing {count, lines, more} as a numbered list; `kind` names it for tests and styles. */
  function list(listing, kind) {
    var ol = element('ol', 'margin:.5rem 0 0;padding-left:1.5rem;white-space:pre-wrap');
    ol.dataset.kind = kind;
    listing.lines.forEach(function (line) {
      var item = element('li');
      if (line.members.length === 0) {
        item.textContent = line.text;
      } else {
        var family = element('details');
        family.appendChild(element('summary', 'cursor:pointer', line.text));
        line.members.forEach(function (m) { family.appendChild(element('div', 'padding-left:1rem', m)); });
        if (line.more > 0) { family.appendChild(element('div', 'padding-left:1rem', more(line.more))); }
        item.appendChild(family);
      }
      ol.appendChild(item);
    });
    if (listing.more > 0) { ol.appendChild(element('li', 'list-style:none', more(listing.more))); }
    return ol;
  }

  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  es.addEventListener('warnings', function (e) {
    var warnings = JSON.parse(e.data);
    var box = document.getElementById('shuyuan-warnings') || document.createElement('details');
    box.id = 'shuyuan-warnings';
    box.style.cssText = 'position:fixed;right:1rem;bottom:1rem;z-index:2147483646;max-width:min(40rem,90vw);' +
      'max-height:60vh;overflow:auto;background:#fff8e1;color:#4e3b00;border:1px solid #e0b400;border-radius:6px;' +
      'padding:.5rem .75rem;font:13px/1.5 ui-monospace,monospace;box-shadow:0 2px 8px rgba(0,0,0,.2)';
    var summary = element('summary', 'cursor:pointer',
      '⚠ ' + warnings.count + ' 条警告 · ' + plural(warnings.count, 'warning'));
    box.replaceChildren(summary, list(warnings, 'warnings'));
    if (!box.parentNode) { document.body.appendChild(box); }
  });

  es.addEventListener('builderror', function (e) {
    var failure = JSON.parse(e.data);
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'shuyuan-error';
      overlay.setAttribute('role', 'alert');
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.92);color:#fff;' +
        'padding:2rem;overflow:auto;font:14px/1.6 ui-monospace,monospace';
      document.body.appendChild(overlay);
    }
    var parts = [
      element('div', 'font-weight:bold', '构建失败 · build failed'),
      element('div', 'margin-top:1rem', failure.errors.count + ' 个错误 · ' + plural(failure.errors.count, 'error')),
      list(failure.errors, 'errors')
    ];
    if (failure.hint) { parts.push(element('div', 'margin-top:1rem;color:#ffd54f', failure.hint)); }
    if (failure.warnings.count > 0) {
      parts.push(element('div', 'margin-top:1rem;color:#ccc',
        failure.warnings.count + ' 条警告 · ' + plural(failure.warnings.count, 'warning')));
      var warned = list(failure.warnings, 'warnings');
      warned.style.color = '#ccc';
      parts.push(warned);
    }
    parts.push(element('div', 'margin-top:1rem', '修改文件后将自动恢复 · fix the file and this page recovers by itself'));
    overlay.replaceChildren.apply(overlay, parts);
  });
})();
