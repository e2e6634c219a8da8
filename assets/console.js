/*
 * The launch console's script (served as /assets/console.js; the page's Content-Security-Policy
 * allows no inline script). It keeps the page live (Server-Sent Events → the server renders the
 * fragment again), shows times in the reader's time zone, and sends the controls' events to the
 * same endpoint the API uses, showing a refusal next to its control. No framework, no build step.
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

  /** Which folded sections the reader opened or closed, by id, so a re-render keeps them. */
  function foldState() {
    var open = {};
    status.querySelectorAll('details[data-id]').forEach(function (node) {
      open[node.getAttribute('data-id')] = node.open;
    });
    return open;
  }

  function restoreFolds(open) {
    status.querySelectorAll('details[data-id]').forEach(function (node) {
      var id = node.getAttribute('data-id');
      if (Object.prototype.hasOwnProperty.call(open, id)) node.open = open[id];
    });
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
        var open = foldState();
        status.innerHTML = html;
        restoreFolds(open);
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
        else delete refusals[id];
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

  localizeTimes(document);
  if (status && body.hasAttribute('data-events')) listen();
})();
