/*
 * The launch console's script (served as /assets/console.js; the page's Content-Security-Policy
 * allows no inline script). It keeps the page live (Server-Sent Events → the server renders the
 * fragment again, and the script patches the page to match it, node by node, so that what a
 * person is typing, the field they are in and the panels they opened or closed stay as they
 * are), shows times in the reader's time zone, and sends the controls' events to the same
 * endpoint the API uses, showing a refusal next to its control. No framework, no build step.
 */
/* global document, window, fetch, EventSource, crypto, HTMLFormElement */
(function () {
  'use strict';
  var body = document.body;
  var status = document.getElementById('status');
  var live = document.getElementById('live');
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : null;
  /** Refusals by control id: kept across re-renders until the control succeeds. */
  var refusals = {};

  var timeFormat = new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });

  /** Every <time datetime> in the reader's local time, with its zone; the UTC instant stays in the tooltip. */
  function localizeTimes(root) {
    root.querySelectorAll('time[datetime]').forEach(function (node) {
      var at = new Date(node.getAttribute('datetime'));
      if (isNaN(at.getTime())) return;
      node.textContent = timeFormat.format(at);
      node.title = at.toISOString();
    });
  }

  function showRefusals(root) {
    root.querySelectorAll('output[data-refusal-for]').forEach(function (node) {
      node.textContent = refusals[node.getAttribute('data-refusal-for')] || '';
    });
  }

  /*
   * A folded section follows the server only when the server changes its mind (the launch
   * entered a phase, a rollback started): otherwise the reader's own opening or closing stays.
   * `lpServerOpen` is what the server last said of it.
   */
  function noteServerFolds(root) {
    if (root.nodeName === 'DETAILS') root.lpServerOpen = root.hasAttribute('open');
    if (root.querySelectorAll)
      root.querySelectorAll('details').forEach(function (node) {
        node.lpServerOpen = node.hasAttribute('open');
      });
  }

  /** What identifies a node across renders: its id, its plan id, its control, its history version. */
  function keyOf(node) {
    if (node.nodeType !== 1) return null;
    var key =
      node.getAttribute('data-id') ||
      node.getAttribute('data-control') ||
      node.getAttribute('data-refusal-for') ||
      node.getAttribute('id') ||
      node.getAttribute('data-version');
    return key ? node.nodeName + ':' + key : null;
  }

  function patchAttributes(live, next) {
    var isDetails = live.nodeName === 'DETAILS';
    Array.prototype.slice.call(live.attributes).forEach(function (attribute) {
      if (isDetails && attribute.name === 'open') return;
      if (!next.hasAttribute(attribute.name)) live.removeAttribute(attribute.name);
    });
    Array.prototype.slice.call(next.attributes).forEach(function (attribute) {
      if (isDetails && attribute.name === 'open') return;
      if (live.getAttribute(attribute.name) !== attribute.value)
        live.setAttribute(attribute.name, attribute.value);
    });
    if (isDetails) {
      var open = next.hasAttribute('open');
      if (live.lpServerOpen !== open) live.open = open;
      live.lpServerOpen = open;
    }
  }

  /** Makes `live` look like `next` (same node name), keeping the nodes that did not change. */
  function patchNode(live, next) {
    if (live.nodeType !== 1) {
      if (live.nodeValue !== next.nodeValue) live.nodeValue = next.nodeValue;
      return;
    }
    patchAttributes(live, next);
    // A localised time of the same instant keeps its text; a refusal's text is the script's.
    if (live.nodeName === 'TIME' || live.nodeName === 'OUTPUT') return;
    patchChildren(live, next);
  }

  function patchChildren(live, next) {
    var keyed = {};
    live.childNodes.forEach(function (child) {
      var key = keyOf(child);
      if (key) keyed[key] = child;
    });
    var used = [];
    var cursor = live.firstChild;
    Array.prototype.slice.call(next.childNodes).forEach(function (wanted) {
      var key = keyOf(wanted);
      var match = key ? keyed[key] : null;
      if (!key && cursor && !keyOf(cursor) && cursor.nodeName === wanted.nodeName) match = cursor;
      if (match && used.indexOf(match) >= 0) match = null;
      if (match) {
        used.push(match);
        if (match === cursor) cursor = cursor.nextSibling;
        else live.insertBefore(match, cursor);
        patchNode(match, wanted);
      } else {
        var added = document.importNode(wanted, true);
        noteServerFolds(added);
        live.insertBefore(added, cursor);
      }
    });
    // Every node kept was placed before the cursor: what is left after it is gone from the page.
    while (cursor) {
      var gone = cursor;
      cursor = cursor.nextSibling;
      live.removeChild(gone);
    }
  }

  /** Patches the page to a newly rendered fragment. */
  function patch(html) {
    var template = document.createElement('template');
    template.innerHTML = html;
    patchChildren(status, template.content);
  }

  var loading = false;
  var again = false;
  function reload() {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    fetch(body.getAttribute('data-fragment'), { cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.text();
      })
      .then(function (html) {
        patch(html);
        localizeTimes(status);
        showRefusals(status);
        live.textContent = 'live · updated ' + timeFormat.format(new Date());
      })
      .catch(function (error) {
        live.textContent = 'could not refresh: ' + error.message;
      })
      .then(function () {
        loading = false;
        if (again) {
          again = false;
          reload();
        }
      });
  }

  function listen() {
    var version = document.getElementById('version');
    var from = version ? Number(version.getAttribute('data-version')) + 1 : 1;
    var events = body.getAttribute('data-events');
    var source = new EventSource(events + (events.indexOf('?') < 0 ? '?' : '&') + 'from=' + from);
    source.addEventListener('launch-event', reload);
    source.addEventListener('launch-snapshot', reload);
    source.onopen = function () {
      live.textContent = 'live';
    };
    source.onerror = function () {
      live.textContent = 'reconnecting…';
    };
  }

  function newKey() {
    return window.crypto && crypto.randomUUID
      ? crypto.randomUUID()
      : String(Date.now()) + '-' + Math.random().toString(36).slice(2);
  }

  /** Sends a control's event; the page changes when the event comes back over the stream. */
  function send(form, button) {
    var id = form.getAttribute('data-control');
    var event = JSON.parse(button.getAttribute('data-event'));
    var field = form.querySelector('input[name]');
    if (field && field.required && field.value.trim() === '') {
      // Spaces pass the browser's `required`: they are no reason.
      refusals[id] = 'write a ' + (field.name === 'text' ? 'comment' : field.name) + ' first';
      showRefusals(document);
      return;
    }
    if (field && field.value.trim() !== '') event[field.name] = field.value.trim();
    var buttons = form.querySelectorAll('button');
    buttons.forEach(function (node) {
      node.disabled = true;
    });
    fetch(body.getAttribute('data-post'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/json',
        'x-csrf-token': csrf || '',
        'idempotency-key': 'console-' + newKey(),
      },
      body: JSON.stringify(event),
    })
      .then(function (response) {
        return response.text().then(function (text) {
          if (response.ok) return null;
          try {
            return JSON.parse(text).error.message;
          } catch {
            return 'refused (HTTP ' + response.status + ')';
          }
        });
      })
      .catch(function (error) {
        return 'not sent: ' + error.message;
      })
      .then(function (refusal) {
        if (refusal) refusals[id] = refusal;
        else {
          delete refusals[id];
          // Sent: the text went with it (a refused send keeps it, to be corrected).
          if (field) field.value = '';
        }
        buttons.forEach(function (node) {
          node.disabled = false;
        });
        showRefusals(document);
      });
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-control')) return;
    event.preventDefault();
    var button = event.submitter || form.querySelector('button');
    if (button) send(form, button);
  });

  var signOut = document.getElementById('sign-out');
  if (signOut) {
    signOut.addEventListener('click', function () {
      fetch('/logout', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'x-csrf-token': csrf || '' },
      }).then(function () {
        window.location.reload();
      });
    });
  }

  /** Time left until an instant, in words, as the server writes it (`in 2 d 3 h`, `45 min ago`). */
  function timeLeft(at, now) {
    var ms = Date.parse(at) - now;
    var minutes = Math.round(Math.abs(ms) / 60000);
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    var words =
      days > 0
        ? days + ' d' + (hours > 0 ? ' ' + hours + ' h' : '')
        : hours > 0
          ? hours + ' h' + (minutes % 60 > 0 ? ' ' + (minutes % 60) + ' min' : '')
          : minutes + ' min';
    return ms >= 0 ? 'in ' + words : words + ' ago';
  }

  function countDown() {
    document.querySelectorAll('[data-countdown]').forEach(function (node) {
      var at = node.getAttribute('data-countdown');
      if (!isNaN(Date.parse(at))) node.textContent = timeLeft(at, Date.now());
    });
  }

  localizeTimes(document);
  noteServerFolds(document);
  if (document.querySelector('[data-countdown]')) window.setInterval(countDown, 30000);
  if (status && body.hasAttribute('data-events')) listen();
})();
