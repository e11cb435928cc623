/* shuyuan: the reading layout, loaded by every page (a classic script, so it
   runs from file://). The header's menu button on narrow screens, the table
   of contents (open beside the text on wide screens, the current section
   marked), back to top, a copyable ¶ link on every heading, the print
   button. Every part works, or is simply absent, without this script. */
(function () {
  'use strict';
  var body = document.body;
  /* Wide enough for the table of contents beside the text: the same width
     as style.css's `@media (min-width: 66rem)`. */
  var WIDE = window.matchMedia('(min-width: 66rem)');
  /* Below this scroll offset (in screens) the back-to-top link stays away. */
  var BACK_TO_TOP_AFTER = 1.5;

  function headerHeight() {
    var h = document.querySelector('.site-header');
    return h ? h.getBoundingClientRect().height : 0;
  }

  /* The menu button: shows and hides search and navigation on a phone
     (without this script, the link's #site-menu target shows them). */
  var header = document.querySelector('.site-header');
  var button = header && header.querySelector('.menu-button');
  if (button) {
    button.setAttribute('role', 'button');
    button.setAttribute('aria-expanded', 'false');
    var setOpen = function (open) {
      header.classList.toggle('menu-open', open);
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
    };
    button.addEventListener('click', function (e) {
      e.preventDefault();
      var open = button.getAttribute('aria-expanded') !== 'true';
      setOpen(open);
      if (open) {
        var first = header.querySelector('#site-menu input, #site-menu a');
        if (first) first.focus();
      }
    });
    document.addEventListener('keydown', function (e) {
      if (e.key !== 'Escape' || !header.classList.contains('menu-open')) return;
      /* The search box's own Esc closes its list of results first. */
      var list = document.getElementById('site-search-list');
      if (e.target.id === 'site-search-input' && list && !list.hidden) return;
      setOpen(false);
      button.focus();
    });
    document.addEventListener('click', function (e) {
      if (header.classList.contains('menu-open') && !header.contains(e.target)) setOpen(false);
    });
  }

  /* The table of contents: always open beside the text on a wide screen;
     on a narrow one, as the page wrote it (closed when long). */
  var toc = document.querySelector('.toc');
  var details = toc && toc.querySelector('.toc-details');
  if (details) {
    var openByDefault = details.open;
    var place = function () {
      toc.classList.toggle('toc-side', WIDE.matches);
      details.open = WIDE.matches || openByDefault;
    };
    place();
    if (WIDE.addEventListener) WIDE.addEventListener('change', place);
    else if (WIDE.addListener) WIDE.addListener(place);
    details.querySelector('summary').addEventListener('click', function (e) {
      if (WIDE.matches) e.preventDefault();
    });
  }
  var links = toc ? Array.prototype.slice.call(toc.querySelectorAll('a[href^="#"]')) : [];
  var targets = links.map(function (a) {
    return document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
  });
  var current = null;
  function markCurrent() {
    var line = headerHeight() + 24, found = null;
    for (var i = 0; i < targets.length; i++) {
      if (!targets[i]) continue;
      if (targets[i].getBoundingClientRect().top <= line) found = links[i];
      else break;
    }
    if (found === current) return;
    if (current) { current.removeAttribute('aria-current'); current.classList.remove('toc-current'); }
    current = found;
    if (!current) return;
    current.setAttribute('aria-current', 'location');
    current.classList.add('toc-current');
    /* Keep the marked entry in view inside the side table (not the page). */
    var box = toc.querySelector('ol');
    if (toc.classList.contains('toc-side') && box.scrollHeight > box.clientHeight) {
      var top = current.offsetTop - box.offsetTop;
      if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - 40) box.scrollTop = top - box.clientHeight / 3;
    }
  }

  var back = document.querySelector('.back-to-top');
  if (back) {
    back.addEventListener('click', function (e) {
      e.preventDefault();
      window.scrollTo(0, 0);
      var main = document.getElementById('main');
      if (main) main.focus({ preventScroll: true });
    });
  }
  var pending = false;
  function onScroll() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      if (back) back.hidden = window.scrollY < window.innerHeight * BACK_TO_TOP_AFTER;
      if (links.length) markCurrent();
    });
  }
  window.addEventListener('scroll', onScroll, { passive: true });
  window.addEventListener('resize', onScroll);
  onScroll();

  /* A ¶ on every heading of the text: following it puts the section in the
     address bar; its address is also copied where the browser allows. */
  var label = body.getAttribute('data-section-link') || '';
  var copied = body.getAttribute('data-link-copied') || '';
  var headings = document.querySelectorAll('.doc-body h2[id], .doc-body h3[id], .doc-body h4[id], .doc-body h5[id], .doc-body h6[id]');
  Array.prototype.forEach.call(headings, function (h) {
    var a = document.createElement('a');
    a.className = 'heading-link';
    a.href = '#' + encodeURIComponent(h.id);
    a.setAttribute('aria-label', label + ' ' + h.textContent);
    a.setAttribute('data-copied', copied);
    a.textContent = '¶';
    h.appendChild(a);
  });
  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest && e.target.closest('a.heading-link');
    if (!a || !navigator.clipboard) return;
    navigator.clipboard.writeText(a.href).then(function () {
      a.classList.add('copied');
      setTimeout(function () { a.classList.remove('copied'); }, 1500);
    }, function () {});
  });

  /* The reader's text size on documents (A, A+, A++), kept in localStorage
     for every page (base.html sets it before the page is drawn). */
  var sizes = document.querySelector('.text-size');
  if (sizes) {
    var html = document.documentElement;
    var mark = function () {
      var now = html.getAttribute('data-text-size') || '0';
      sizes.querySelectorAll('button').forEach(function (b) { b.setAttribute('aria-pressed', b.getAttribute('data-size') === now ? 'true' : 'false'); });
    };
    sizes.hidden = false;
    mark();
    sizes.addEventListener('click', function (e) {
      var b = e.target.closest('button[data-size]');
      if (!b) return;
      var size = b.getAttribute('data-size');
      if (size === '0') html.removeAttribute('data-text-size'); else html.setAttribute('data-text-size', size);
      try { if (size === '0') localStorage.removeItem('shuyuan-text-size'); else localStorage.setItem('shuyuan-text-size', size); } catch (err) {}
      mark();
    });
  }

  var print = document.querySelector('.print-button');
  if (print && window.print) {
    print.hidden = false;
    print.addEventListener('click', function () { window.print(); });
  }
})();
