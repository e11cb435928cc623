/* shuyuan serve: reload when a rebuild has finished, swap stylesheets when
   only CSS changed, show a build error over the page until it is fixed. */
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
