/* shuyuan serve: reload when a rebuild has finished, swap stylesheets when
   only CSS changed, show a build error over the page until it is fixed, and
   the build's warnings in a corner box that opens on a click. */
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
  es.addEventListener('warnings', function (e) {
    var warnings = JSON.parse(e.data);
    var box = document.getElementById('shuyuan-warnings') || document.createElement('details');
    box.id = 'shuyuan-warnings';
    box.style.cssText = 'position:fixed;right:1rem;bottom:1rem;z-index:2147483646;max-width:min(40rem,90vw);' +
      'max-height:60vh;overflow:auto;background:#fff8e1;color:#4e3b00;border:1px solid #e0b400;border-radius:6px;' +
      'padding:.5rem .75rem;font:13px/1.5 ui-monospace,monospace;box-shadow:0 2px 8px rgba(0,0,0,.2)';
    var summary = document.createElement('summary');
    summary.style.cursor = 'pointer';
    summary.textContent = '⚠ ' + warnings.length + ' 条警告 · ' + warnings.length + ' warning' + (warnings.length === 1 ? '' : 's');
    var list = document.createElement('ol');
    list.style.cssText = 'margin:.5rem 0 0;padding-left:1.5rem;white-space:pre-wrap';
    warnings.forEach(function (w) {
      var item = document.createElement('li');
      item.textContent = w;
      list.appendChild(item);
    });
    box.replaceChildren(summary, list);
    if (!box.parentNode) { document.body.appendChild(box); }
  });
  es.addEventListener('builderror', function (e) {
    var message = JSON.parse(e.data);
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'shuyuan-error';
      overlay.setAttribute('role', 'alert');
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.92);color:#fff;' +
        'padding:2rem;overflow:auto;font:14px/1.6 ui-monospace,monospace;white-space:pre-wrap';
      document.body.appendChild(overlay);
    }
    overlay.textContent = '构建失败 · build failed\n\n' + message + '\n\n修改文件后将自动恢复 · fix the file and this page recovers by itself';
  });
})();
