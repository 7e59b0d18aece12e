'use strict';
// The operator console: plain DOM, no library, no network access beyond this bridge's admin API.
(() => {
  const $ = (s) => document.querySelector(s);
  const PAGE = 25;
  let credential = sessionStorage.getItem('bridge-admin') || '';
  let auditPages = [];   // the `to` bound of each page shown so far (keyset paging, newest first)
  let auditRows = [];

  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
    return e;
  }

  function say(text, kind = '') {
    const m = $('#message');
    m.textContent = text;
    m.className = kind;
  }

  async function api(method, path, params) {
    const url = new URL(path, location.origin);
    if (params) for (const [k, v] of Object.entries(params)) if (v) url.searchParams.set(k, v);
    const res = await fetch(url, { method, cache: 'no-store', credentials: 'omit',
      headers: { 'Authorization': 'Basic ' + credential, 'X-Bridge-Console': '1' } });
    if (res.status === 401) { signOut('The admin credential was refused; sign in again.'); throw new Error('401'); }
    const body = res.status === 204 ? null : await res.json();
    if (!res.ok) throw new Error(body && body.error ? body.error : 'HTTP ' + res.status);
    return body;
  }

  function when(iso) { return iso ? new Date(iso).toLocaleString() : '—'; }
  function duration(s) {
    const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    return (d ? d + ' d ' : '') + (d || h ? h + ' h ' : '') + m + ' min';
  }

  // ---------------------------------------------------------------- sign-in
  function signOut(reason) {
    credential = '';
    sessionStorage.removeItem('bridge-admin');
    $('#app').hidden = true; $('#nav').hidden = true; $('#login').hidden = false;
    say(reason || '', reason ? 'error' : '');
    $('#password').focus();
  }

  async function signIn(e) {
    e.preventDefault();
    credential = btoa(unescape(encodeURIComponent($('#username').value + ':' + $('#password').value)));
    try {
      await api('GET', '/admin/status');
    } catch (err) {
      if (err.message !== '401') say('Sign-in failed: ' + err.message, 'error');
      return;
    }
    sessionStorage.setItem('bridge-admin', credential);
    $('#password').value = '';
    show();
  }

  async function show() {
    $('#login').hidden = true; $('#app').hidden = false; $('#nav').hidden = false;
    say('');
    await Promise.all([loadStatus(), loadTokens(), loadAudit(true), loadCounters()]).catch((err) => say(err.message, 'error'));
  }

  // ---------------------------------------------------------------- status
  async function loadStatus() {
    const s = await api('GET', '/admin/status');
    const iv = s.ivanti, lim = s.limits;
    const up = iv.status === 'UP';
    const cards = [
      ['Ivanti connection', up ? 'Ready: ' + iv.tenant + ' answers (auth ' + iv.auth + ')'
        : 'Not ready: ' + (iv.failure || 'unknown') + (iv.reason ? ' — ' + iv.reason.replace(/^FAILED\s+connection:\s*/, '') : ''),
        up ? 'good' : 'bad'],
      ['Circuit breaker', (iv.breaker || 'unknown').replace('_', ' ').toLowerCase() +
        ' (opens at ' + Math.round(lim.breaker.failureRatio * 100) + '% failures of ' + lim.breaker.requestVolumeThreshold +
        ' calls, for ' + lim.breaker.delay.replace('PT', '').toLowerCase() + ')', iv.breaker === 'CLOSED' ? 'good' : 'bad'],
      ['Outbound limit (to Ivanti)', lim.outbound.requestsPerMinute + ' calls/min, ' + lim.outbound.maxConcurrent +
        ' at once'],
      ['Inbound limit (per IdP connection)', lim.inbound.requestsPerSecondPerConnection > 0
        ? lim.inbound.requestsPerSecondPerConnection + ' requests/s, burst ' + lim.inbound.burst : 'off'],
      ['Version', s.version],
      ['Uptime', duration(s.uptimeSeconds) + ' (since ' + when(s.startedAt) + ')'],
      ['Store', s.store],
      ['Ivanti tenant', s.emulator ? 'built-in emulator (demo data)' : iv.tenant],
    ];
    const dl = $('#status-cards');
    dl.replaceChildren(...cards.map(([k, v, cls]) => el('div', cls ? { class: cls } : {}, el('dt', {}, k), el('dd', {}, v))));
  }

  // ---------------------------------------------------------------- tokens
  async function loadTokens() {
    const tokens = await api('GET', '/admin/tokens');
    tokens.sort((a, b) => a.connection.localeCompare(b.connection) || a.created.localeCompare(b.created));
    const body = $('#token-table tbody');
    if (!tokens.length) {
      body.replaceChildren(el('tr', {}, el('td', { colspan: 7, class: 'empty' }, 'No generated tokens yet.')));
      return;
    }
    body.replaceChildren(...tokens.map((t) => el('tr', { 'data-token': t.id },
      el('td', {}, t.connection), el('td', {}, el('code', {}, t.id)),
      el('td', {}, el('span', { class: 'state ' + t.state }, t.state)),
      el('td', {}, when(t.created)), el('td', {}, when(t.renewed)), el('td', {}, when(t.lastUsed)),
      el('td', { class: 'actions' },
        t.state === 'active'
          ? el('button', { type: 'button', class: 'small', onclick: () => act(t, 'deactivate') }, 'Deactivate')
          : el('button', { type: 'button', class: 'small', onclick: () => act(t, 'activate') }, 'Activate'),
        el('button', { type: 'button', class: 'small', onclick: () => act(t, 'renew') }, 'Renew'),
        el('button', { type: 'button', class: 'small danger', onclick: () => remove(t) }, 'Remove')))));
  }

  function showSecret(issued, verb) {
    $('#secret-value').textContent = issued.token;
    $('#secret-for').textContent = verb + ' for connection ' + issued.info.connection + ' (id ' + issued.info.id + ').';
    $('#secret').hidden = false;
    $('#secret').focus();
  }

  async function generate(e) {
    e.preventDefault();
    try {
      const issued = await api('POST', '/admin/connections/' + encodeURIComponent($('#connection').value) + '/tokens');
      showSecret(issued, 'Generated');
      await loadTokens();
      loadAudit(true);
    } catch (err) { say(err.message, 'error'); }
  }

  async function act(t, action) {
    try {
      const r = await api('POST', '/admin/tokens/' + encodeURIComponent(t.id) + '/' + action);
      if (action === 'renew') showSecret(r, 'Renewed (the old secret is refused from now on)');
      say('Token ' + t.id + ': ' + action + 'd.', 'ok');
      await loadTokens();
      loadAudit(true);
    } catch (err) { say(err.message, 'error'); }
  }

  async function remove(t) {
    if (!confirm('Remove token ' + t.id + ' of ' + t.connection + '? IdP requests with it are refused at once.')) return;
    try {
      await api('DELETE', '/admin/tokens/' + encodeURIComponent(t.id));
      say('Token ' + t.id + ' removed.', 'ok');
      await loadTokens();
      loadAudit(true);
    } catch (err) { say(err.message, 'error'); }
  }

  async function copySecret() {
    const text = $('#secret-value').textContent;
    try {
      await navigator.clipboard.writeText(text);
      say('Token copied to the clipboard.', 'ok');
    } catch (err) {
      const range = document.createRange();
      range.selectNodeContents($('#secret-value'));
      getSelection().removeAllRanges(); getSelection().addRange(range);
      say('Copying is blocked here: the token is selected, press Ctrl+C (⌘C).');
    }
  }

  // ---------------------------------------------------------------- audit
  function filters() {
    const f = new FormData($('#audit-form'));
    const p = {};
    for (const [k, v] of f.entries()) if (v) p[k] = (k === 'from' || k === 'to') ? new Date(v).toISOString() : v.trim();
    return p;
  }

  async function loadAudit(first) {
    if (first) auditPages = [filters().to || ''];
    const p = Object.assign(filters(), { limit: PAGE + 1 });
    const to = auditPages[auditPages.length - 1];
    if (to) p.to = to;
    const events = await api('GET', '/admin/audit', p);
    const seen = new Set(auditPages.length > 1 ? auditRows.map((e) => e.id) : []);
    auditRows = events.filter((e) => !seen.has(e.id)).slice(0, PAGE);
    const body = $('#audit-table tbody');
    $('#detail').hidden = true;
    body.replaceChildren(...(auditRows.length ? auditRows.map((e) => el('tr', {
      class: e.outcome, tabindex: 0, 'aria-label': 'Event ' + e.id + ', show detail',
      onclick: () => detail(e), onkeydown: (k) => { if (k.key === 'Enter' || k.key === ' ') { k.preventDefault(); detail(e); } } },
      el('td', {}, when(e.occurredAt)), el('td', {}, e.kind), el('td', {}, e.connection),
      el('td', {}, e.action), el('td', {}, [e.resourceType, e.userName || e.resourceId].filter(Boolean).join(' ')),
      el('td', {}, e.status == null ? '' : e.status),
      el('td', {}, el('span', { class: 'outcome ' + e.outcome }, e.outcome === 'failure' ? '✗ failure' : '✓ success')),
      el('td', {}, e.latencyMs == null ? '' : e.latencyMs + ' ms')))
      : [el('tr', {}, el('td', { colspan: 8, class: 'empty' }, 'No events match.'))]));
    $('#newer').disabled = auditPages.length <= 1;
    $('#older').disabled = events.length <= PAGE;
    $('#page-info').textContent = 'Page ' + auditPages.length;
  }

  function older() {
    const last = auditRows[auditRows.length - 1];
    // `to` is exclusive; one millisecond later keeps events sharing the last one's instant (they are de-duplicated).
    auditPages.push(new Date(new Date(last.occurredAt).getTime() + 1).toISOString());
    loadAudit(false).catch((err) => say(err.message, 'error'));
  }

  function newer() {
    auditPages.pop();
    loadAudit(false).catch((err) => say(err.message, 'error'));
  }

  function detail(e) {
    const rows = [['Id', e.id], ['Time', when(e.occurredAt) + ' (' + e.occurredAt + ')'], ['Kind', e.kind],
      ['Connection', e.connection], ['Action', e.action], ['Resource type', e.resourceType], ['Resource id', e.resourceId],
      ['User / group name', e.userName], ['Outcome', e.outcome], ['HTTP status', e.status], ['Ivanti calls', e.ivantiCalls],
      ['Latency', e.latencyMs == null ? null : e.latencyMs + ' ms'], ['Correlation id', e.correlationId],
      ['Actor / token', e.actor], ['Detail', e.detail]].filter(([, v]) => v !== null && v !== undefined && v !== '');
    $('#detail-list').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))]));
    $('#detail').hidden = false;
    $('#detail').focus();
  }

  // ---------------------------------------------------------------- counters
  const LABELS = {
    'bridge.scim.requests': 'SCIM requests', 'bridge.scim.unauthorized': 'Refused: no or bad token',
    'scim.idp.quirks': 'IdP quirks handled',
  };

  function describe(key) {
    const m = /^([^{]+)(?:\{(.*)\})?$/.exec(key);
    const name = LABELS[m[1]] || m[1];
    const tags = m[2] ? m[2].split(',').map((t) => t.replace('=', ' ')).join(', ') : '';
    return { name, tags, error: /status=[45]\d\d/.test(key) };
  }

  function spark(points) {
    const w = 120, h = 40, max = Math.max(1, ...points);
    const step = points.length > 1 ? w / (points.length - 1) : w;
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`); svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('class', 'spark'); svg.setAttribute('aria-hidden', 'true');
    const base = document.createElementNS(svg.namespaceURI, 'line');
    base.setAttribute('x1', 0); base.setAttribute('x2', w); base.setAttribute('y1', h - 1); base.setAttribute('y2', h - 1);
    const line = document.createElementNS(svg.namespaceURI, 'polyline');
    line.setAttribute('points', (points.length > 1 ? points : [points[0] || 0, points[0] || 0])
      .map((v, i) => `${(i * (points.length > 1 ? step : w)).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`).join(' '));
    svg.append(base, line);
    return svg;
  }

  async function loadCounters() {
    const c = await api('GET', '/admin/counters');
    $('#interval').textContent = c.intervalSeconds;
    const samples = c.samples;
    const keys = [...new Set(samples.flatMap((s) => Object.keys(s.values)))].sort();
    const charts = $('#charts');
    if (!keys.length) {
      charts.replaceChildren(el('p', { class: 'empty' }, 'No requests counted yet.'));
      return;
    }
    charts.replaceChildren(...keys.map((key) => {
      const series = samples.map((s) => s.values[key] || 0);
      const deltas = series.slice(1).map((v, i) => Math.max(0, v - series[i]));
      const total = series[series.length - 1] - series[0];
      const d = describe(key);
      return el('figure', { class: d.error ? 'bad' : '' },
        el('figcaption', {}, d.name, d.tags ? el('br') : '', d.tags ? el('span', { class: 'hint' }, d.tags) : ''),
        el('div', { class: 'total' }, total),
        spark(deltas.length ? deltas : [0]),
        el('span', { class: 'sr-only' }, total + ' in the last ' + Math.round((samples.length - 1) * c.intervalSeconds / 60) + ' minutes'));
    }));
  }

  // ---------------------------------------------------------------- wiring
  document.addEventListener('DOMContentLoaded', () => {
    $('#login-form').addEventListener('submit', signIn);
    $('#signout').addEventListener('click', () => signOut());
    $('#refresh').addEventListener('click', () => show());
    $('#generate-form').addEventListener('submit', generate);
    $('#copy').addEventListener('click', copySecret);
    $('#secret-done').addEventListener('click', () => { $('#secret').hidden = true; $('#secret-value').textContent = ''; });
    $('#audit-form').addEventListener('submit', (e) => { e.preventDefault(); loadAudit(true).catch((err) => say(err.message, 'error')); });
    $('#audit-form').addEventListener('reset', () => setTimeout(() => loadAudit(true).catch((err) => say(err.message, 'error'))));
    $('#older').addEventListener('click', older);
    $('#newer').addEventListener('click', newer);
    $('#detail-close').addEventListener('click', () => { $('#detail').hidden = true; });
    if (credential) show(); else signOut();
    setInterval(() => { if (credential) { loadStatus().catch(() => {}); loadCounters().catch(() => {}); } }, 30000);
  });
})();
