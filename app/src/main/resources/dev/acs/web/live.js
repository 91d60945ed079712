// Live view of a running task: follows /api/v1/tasks/{id}/events (server-sent events) and
// updates the state, the timeline and the session in place. Without JavaScript the page is
// complete as served; reload it to see what changed.
(function () {
  var live = document.getElementById('live');
  if (!live || !window.EventSource) { return; }
  var source = new EventSource(live.dataset.events);
  function text(id, value) { var el = document.getElementById(id); if (el && value != null) { el.textContent = value; } }
  source.addEventListener('state', function (m) {
    var s = JSON.parse(m.data);
    var state = document.getElementById('state');
    if (state) { state.textContent = s.state; state.className = 'state state-' + s.state_class; }
    text('waiting', s.waiting_for);
    text('spend', s.spend);
  });
  source.addEventListener('event', function (m) {
    var e = JSON.parse(m.data);
    var list = document.getElementById('timeline');
    if (!list || Number(e.id) <= Number(live.dataset.lastEvent)) { return; }
    live.dataset.lastEvent = e.id;
    var li = document.createElement('li');
    var time = document.createElement('time');
    time.dateTime = e.at;
    time.textContent = e.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
    var kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = e.kind;
    li.append(time, ' ', kind, ' ', e.summary);
    list.appendChild(li);
  });
  source.addEventListener('session', function () {
    fetch(live.dataset.session, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html != null) { document.getElementById('session').innerHTML = html; } });
  });
  source.addEventListener('end', function (m) {
    live.textContent = 'The task ended (' + JSON.parse(m.data).state + '). Reload the page for its final buttons.';
    source.close();
  });
  source.onerror = function () { live.textContent = 'Live: reconnecting…'; };
  source.onopen = function () { live.textContent = 'Live: this page follows the task while it runs.'; };
})();
