/* bangban loader: <script src="https://HOST/bangban.js" data-item="事项" async></script>
   Launcher in a shadow root; 小申 (HOST/widget/) in an iframe made on first click; exact-origin postMessage. */
(function () {
  'use strict';
  if (window.__bangban) return;
  var me = /\/bangban\.js([?#].*)?$/;
  var script = document.currentScript;
  if (!script || !me.test(script.src)) {
    script = null;
    var all = document.querySelectorAll('script[src]');
    for (var i = all.length - 1; i >= 0 && !script; i--) if (me.test(all[i].src)) script = all[i];
  }
  if (!script) return;
  window.__bangban = true;
  var url = new URL(script.src, location.href);
  var origin = url.origin;
  var base = origin + url.pathname.replace(me, '');
  var item = script.getAttribute('data-item') || '';
  var css =
    ':host{all:initial}' +
    '.launcher{position:fixed;right:24px;bottom:24px;z-index:2147483000;display:flex;align-items:center;gap:6px;' +
    'padding:12px 20px;font:600 16px/1.2 system-ui,sans-serif;color:#fff;background:#1f5fbf;' +
    'border:0;border-radius:999px;box-shadow:0 4px 14px #0005;cursor:pointer}' +
    '.launcher:hover{background:#154a96}.launcher:focus-visible{outline:3px solid #f59e0b;outline-offset:3px}' +
    '.badge{min-width:20px;padding:0 6px;border-radius:10px;background:#d93025;font-size:12px;line-height:20px}' +
    '.panel{position:fixed;right:24px;bottom:88px;z-index:2147483001;width:380px;height:600px;' +
    'max-width:calc(100vw - 48px);max-height:calc(100vh - 112px);background:#fff;border-radius:12px;' +
    'box-shadow:0 12px 40px #0005;overflow:hidden}' +
    '.badge[hidden],.panel[hidden]{display:none}iframe{display:block;width:100%;height:100%;border:0}' +
    '@media (max-width:600px){.panel{right:0;bottom:0;width:100vw;height:100vh;height:100dvh;' +
    'max-width:none;max-height:none;border-radius:0}}';

  function mount() {
    var host = document.createElement('div');
    host.setAttribute('data-bangban', '');
    var root = host.attachShadow({ mode: 'open' });
    root.innerHTML =
      '<style>' + css + '</style>' +
      '<div class="panel" role="dialog" aria-label="小申智能客服" hidden></div>' +
      '<button class="launcher" type="button" aria-expanded="false">' +
      '<span class="badge" aria-hidden="true" hidden></span>在线帮办</button>';
    var panel = root.querySelector('.panel');
    var launcher = root.querySelector('.launcher');
    var badge = root.querySelector('.badge');
    var frame = null;

    function post(type) {
      if (frame && frame.contentWindow) frame.contentWindow.postMessage({ type: type }, origin);
    }
    function open() {
      if (!frame) {
        frame = document.createElement('iframe');
        frame.title = '小申智能客服';
        // Voice clips and 截取屏幕 inside our iframe: a cross-origin frame gets neither unless the host allows it.
        frame.setAttribute('allow', 'microphone; display-capture');
        frame.src = base + '/widget/?item=' + encodeURIComponent(item) +
          '&host=' + encodeURIComponent(location.origin);
        panel.appendChild(frame);
      }
      panel.hidden = false;
      badge.hidden = true;
      launcher.setAttribute('aria-expanded', 'true');
      frame.focus();
      post('bangban:open');
    }
    function close() {
      if (panel.hidden) return;
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      post('bangban:closed');
      launcher.focus();
    }
    launcher.addEventListener('click', function () {
      if (panel.hidden) open(); else close();
    });
    root.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') close();
    });
    window.addEventListener('message', function (e) {
      if (!frame || e.origin !== origin || e.source !== frame.contentWindow) return;
      var d = e.data || 0;
      if (d.type === 'bangban:close') close();
      else if (d.type === 'bangban:ready' && !panel.hidden) post('bangban:open');
      else if (d.type === 'bangban:unread' && panel.hidden && d.count > 0) {
        badge.textContent = d.count > 99 ? '99+' : String(d.count);
        badge.hidden = false;
      }
    });
    document.body.appendChild(host);
  }

  if (document.body) mount(); else addEventListener('DOMContentLoaded', mount);
})();
