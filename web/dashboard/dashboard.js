/*
 * newspulse dashboard: an editor's live picture of one site. Plain JS, no dependencies, every number from
 * documented API routes (/v1/openapi.json): GET /v1/sites/{site}/dashboard/hourly-views (admin key) and the
 * public lists. The admin key is kept in sessionStorage (this tab only), sent as a Bearer header, never in a
 * URL. Text is inserted with textContent only. Refreshes every minute.
 */
(function () {
  'use strict';
  var STORE = 'newspulse:dashboard';
  var REFRESH_MS = 60000;
  var LISTS = ['popular-now', 'weekly-best', 'must-reads', 'latest'];
  var $ = function (id) { return document.getElementById(id); };
  var SVG = 'http://www.w3.org/2000/svg';
  var session = readSession();
  var data = null;
  var timer = null;

  function readSession() {
    try { return JSON.parse(sessionStorage.getItem(STORE) || 'null'); } catch (e) { return null; }
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    return node;
  }
  function fmt(n) { return n >= 10000 ? (n / 1000).toFixed(0) + 'k' : n >= 1000 ? (n / 1000).toFixed(1) + 'k' : String(Math.round(n)); }
  function hours(h) { return h < 1 ? Math.round(h * 60) + ' min' : h < 48 ? Math.round(h) + ' h' : Math.round(h / 24) + ' days'; }

  function api(path, withKey) {
    var headers = withKey ? { Authorization: 'Bearer ' + session.key } : {};
    return fetch(session.api + path, { headers: headers, cache: 'no-store' }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          var error = new Error((body.error && body.error.message) || ('HTTP ' + response.status));
          error.status = response.status;
          throw error;
        }
        return body;
      });
    });
  }

  // --- signing in and out ---
  $('api').placeholder = location.origin;
  $('sign-in').addEventListener('submit', function (event) {
    event.preventDefault();
    var candidate = { site: $('site').value.trim(), key: $('key').value.trim(), api: ($('api').value.trim() || location.origin).replace(/\/+$/, '') };
    $('sign-in-error').textContent = '';
    session = candidate;
    api('/v1/sites/' + encodeURIComponent(candidate.site) + '/dashboard/hourly-views', true).then(function (views) {
      sessionStorage.setItem(STORE, JSON.stringify(candidate));
      $('key').value = '';
      show(views);
    }, function (error) {
      session = null;
      var why = error.status === 401 || error.status === 403 ? 'That is not the admin key of site "' + candidate.site + '".'
        : error.status === 404 ? error.message : 'Could not reach newspulse: ' + error.message;
      $('sign-in-error').textContent = why;
    });
  });
  $('sign-out').addEventListener('click', function () {
    sessionStorage.removeItem(STORE);
    session = null;
    clearInterval(timer);
    $('board').hidden = true;
    $('sign-out').hidden = true;
    $('section-label').hidden = true;
    $('site-name').textContent = '';
    $('as-of').textContent = '';
    $('sign-in').hidden = false;
  });
  $('section').addEventListener('change', function () { render(); loadLists(); });

  function show(views) {
    data = views;
    $('sign-in').hidden = true;
    $('board').hidden = false;
    $('sign-out').hidden = false;
    $('site-name').textContent = session.site;
    fillSections();
    render();
    loadLists();
    clearInterval(timer);
    timer = setInterval(refresh, REFRESH_MS);
  }
  function refresh() {
    api('/v1/sites/' + encodeURIComponent(session.site) + '/dashboard/hourly-views', true).then(function (views) {
      data = views;
      fillSections();
      render();
      loadLists();
      $('board-error').textContent = '';
    }, function (error) { $('board-error').textContent = 'Refresh failed: ' + error.message; });
  }

  function fillSections() {
    var select = $('section');
    var current = select.value;
    while (select.options.length > 1) select.remove(1);
    data.sections.forEach(function (s) { select.appendChild(el('option', '', s.section)).value = s.section; });
    select.value = data.sections.some(function (s) { return s.section === current; }) ? current : '';
    $('section-label').hidden = data.sections.length === 0;
  }

  // --- the chart and the rising articles ---
  function render() {
    var section = $('section').value;
    var series = section ? data.sections.filter(function (s) { return s.section === section; })[0].views : data.total;
    $('as-of').textContent = 'as of ' + new Date(data.generatedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    drawChart(series);
    var last = series[series.length - 1] || 0;
    var sum = series.reduce(function (a, b) { return a + b; }, 0);
    $('chart-summary').textContent = fmt(sum) + ' views in 48 hours; ' + fmt(last) + ' so far this hour' + (section ? ' in ' + section : '') + '.';
    var top = $('top');
    top.textContent = '';
    data.articles.filter(function (a) { return !section || a.section === section; }).slice(0, 15).forEach(function (a) {
      var li = el('li');
      li.setAttribute('data-article-id', a.articleId);
      var name = el('span', 'title', a.title);
      var spark = svg('svg', { 'class': 'spark', viewBox: '0 0 120 28', 'aria-hidden': 'true' });
      spark.appendChild(svg('polyline', { points: points(a.views, 120, 28, 2) }));
      // The last full hour against the one before (the current hour is still filling up).
      var n = a.views.length;
      var now = a.views[n - 2];
      var before = a.views[n - 3];
      var rise = before === 0 ? (now > 0 ? 'new' : '–') : (now >= before ? '+' : '') + Math.round((now / before - 1) * 100) + '%';
      var riseEl = el('span', 'rise ' + (before > 0 && now < before ? 'down' : 'up'), rise);
      riseEl.title = fmt(now) + ' views in the last full hour, ' + fmt(before) + ' in the hour before; ' + fmt(a.views[n - 1]) + ' so far this hour';
      li.appendChild(name);
      li.appendChild(spark);
      li.appendChild(riseEl);
      top.appendChild(li);
    });
    if (!top.firstChild) top.appendChild(el('li', 'muted', 'No views in the last 6 hours' + (section ? ' in ' + section : '') + '.'));
  }

  function points(values, width, height, pad) {
    var max = Math.max.apply(null, values.concat([1]));
    var step = (width - 2 * pad) / Math.max(1, values.length - 1);
    return values.map(function (v, i) { return (pad + i * step).toFixed(1) + ',' + (height - pad - (v / max) * (height - 2 * pad)).toFixed(1); }).join(' ');
  }

  function drawChart(values) {
    var chart = $('chart');
    chart.textContent = '';
    var W = 720, H = 220, left = 40, bottom = 24, top = 10;
    var max = Math.max.apply(null, values.concat([1]));
    var step = (W - left - 10) / Math.max(1, values.length - 1);
    var y = function (v) { return top + (H - top - bottom) * (1 - v / max); };
    [0, 0.5, 1].forEach(function (f) {
      chart.appendChild(svg('line', { 'class': 'grid', x1: left, x2: W - 10, y1: y(max * f), y2: y(max * f) }));
      chart.appendChild(svg('text', { x: left - 6, y: y(max * f) + 4, 'text-anchor': 'end' })).textContent = fmt(max * f);
    });
    var line = values.map(function (v, i) { return (left + i * step).toFixed(1) + ',' + y(v).toFixed(1); });
    chart.appendChild(svg('polygon', { 'class': 'area', points: left + ',' + y(0) + ' ' + line.join(' ') + ' ' + (left + (values.length - 1) * step).toFixed(1) + ',' + y(0) }));
    chart.appendChild(svg('polyline', { 'class': 'line', points: line.join(' ') }));
    data.hours.forEach(function (hour, i) {
      if (i % 6 !== 0 && i !== data.hours.length - 1) return;
      var label = new Date(hour).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      chart.appendChild(svg('text', { x: left + i * step, y: H - 6, 'text-anchor': 'middle' })).textContent = label;
    });
  }

  // --- every list as served, its score said in words ---
  function loadLists() {
    var section = $('section').value;
    LISTS.forEach(function (list) {
      api('/v1/sites/' + encodeURIComponent(session.site) + '/lists/' + list + '?limit=10' + (section ? '&section=' + encodeURIComponent(section) : ''), false).then(function (body) {
        var ol = $('list-' + list);
        ol.textContent = '';
        body.items.forEach(function (item) {
          var li = el('li');
          var link = el('a', '', item.title);
          link.href = /^https?:/.test(item.url) ? item.url : '#';
          li.appendChild(link);
          li.appendChild(el('span', 'why', why(item.parts)));
          ol.appendChild(li);
        });
        if (!body.items.length) ol.appendChild(el('li', 'muted', 'Nothing yet.'));
      }, function (error) { $('list-' + list).textContent = error.message; });
    });
  }

  /** The parts of a score (shared/rank/rankers), as an editor would say them. */
  function why(p) {
    if (p.pinned) return 'pinned by an editor until ' + new Date(p.until).toLocaleString();
    if (p.decayedViews !== undefined) return fmt(p.views) + ' views in the window, ' + p.decayedViews.toFixed(1) + ' counting recent ones most; half-life ' + hours(p.halfLifeMinutes / 60) + '; published ' + hours(p.ageHours) + ' ago';
    if (p.days !== undefined) return fmt(p.views) + ' views in the last ' + p.days + ' days';
    if (p.engagedViews !== undefined) return Math.round(p.avgSeconds) + ' s read on average over ' + p.engagedViews + ' engaged views (site: ' + Math.round(p.siteAvgSeconds) + ' s); ' + Math.round(p.avgScrollDepth * 100) + '% scrolled';
    if (p.ageHours !== undefined) return 'published ' + hours(p.ageHours) + ' ago';
    return Object.keys(p).map(function (k) { return k + ' ' + p[k]; }).join(', ');
  }

  if (session) {
    api('/v1/sites/' + encodeURIComponent(session.site) + '/dashboard/hourly-views', true).then(show, function () {
      sessionStorage.removeItem(STORE);
      session = null;
    });
  }
})();
