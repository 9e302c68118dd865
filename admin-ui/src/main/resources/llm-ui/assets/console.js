// Shared helpers of the admin console: API calls with the session's CSRF token, safe DOM building (data is never
// put into innerHTML), tables, SVG bar charts, form <-> JSON and CSV. No build step, no dependency.
'use strict';
(function () {
  const meta = name => (document.querySelector('meta[name="' + name + '"]') || {}).content || '';
  const API = meta('llm-api');
  const CSRF = meta('csrf-token');

  async function api(path, options) {
    const o = options || {};
    const url = new URL(API + path, location.origin);
    Object.entries(o.query || {}).forEach(([k, v]) => { if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v); });
    const init = { method: o.method || (o.body ? 'POST' : 'GET'), credentials: 'same-origin',
      headers: { 'accept': 'application/json', 'x-csrf-token': CSRF } };
    if (o.body) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(o.body); }
    const res = await fetch(url, init);
    if (res.status === 401 && !o.allowFailure) { location.assign('/ui/login'); throw new Error('Signed out'); }
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!res.ok) {
      const msg = json && json.error && json.error.message ? json.error.message : ('HTTP ' + res.status);
      const err = new Error(msg); err.status = res.status; throw err;
    }
    return json;
  }

  /** el('td', {class: 'num'}, 'text', otherNode): attributes starting with "on" are listeners. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === undefined || v === null || v === false) return;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : v);
    });
    children.flat().forEach(c => { if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c)); });
    return e;
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** columns: [{label, value: row => text|Node, num: bool}] */
  function table(container, columns, rows, empty) {
    container.replaceChildren();
    if (!rows.length) { container.append(el('p', { class: 'muted' }, empty || 'Nothing yet.')); return; }
    const head = el('tr', {}, columns.map(c => el('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)));
    const body = rows.map(r => el('tr', {}, columns.map(c => el('td', { class: c.num ? 'num' : null }, c.value(r)))));
    container.append(el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, head), el('tbody', {}, body))));
  }

  /** A bar chart of points [{label, value}] drawn as SVG; each bar carries data-label and data-value. */
  function barChart(container, points, opts) {
    const o = Object.assign({ format: num, title: '', cls: '' }, opts || {});
    const W = 900, H = 220, left = 60, bottom = 22, top = 10;
    const max = Math.max(0, ...points.map(p => Number(p.value) || 0));
    const root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': o.title, 'data-points': String(points.filter(p => Number(p.value) > 0).length) });
    root.append(svg('title', {}, o.title));
    root.append(svg('line', { class: 'axis', x1: left, y1: H - bottom, x2: W, y2: H - bottom }));
    root.append(svg('text', { x: left - 6, y: top + 8, 'text-anchor': 'end' }, o.format(max)));
    root.append(svg('text', { x: left - 6, y: H - bottom, 'text-anchor': 'end' }, o.format(0)));
    const slot = (W - left) / Math.max(points.length, 1);
    points.forEach((p, i) => {
      const v = Number(p.value) || 0;
      const h = max > 0 ? (H - bottom - top) * v / max : 0;
      const x = left + i * slot + slot * 0.15;
      const bar = svg('rect', { class: 'bar ' + o.cls, x: x.toFixed(1), y: (H - bottom - h).toFixed(1),
        width: Math.max(slot * 0.7, 1).toFixed(1), height: h.toFixed(1), 'data-label': p.label, 'data-value': String(v) });
      bar.append(svg('title', {}, p.label + ': ' + o.format(v)));
      root.append(bar);
      const every = Math.ceil(points.length / 8);
      const last = i === points.length - 1 && (points.length - 1) % every >= every / 2;
      if (i % every === 0 || last) {
        root.append(svg('text', { x: (left + i * slot + slot / 2).toFixed(1), y: H - 6, 'text-anchor': 'middle' }, p.short || p.label));
      }
    });
    container.replaceChildren(root);
  }

  /** The last n UTC days, oldest first, as YYYY-MM-DD. */
  function days(n) {
    const out = [];
    const today = new Date();
    for (let i = n - 1; i >= 0; i--) {
      const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i));
      out.push(d.toISOString().slice(0, 10));
    }
    return out;
  }

  /** Daily rows (sparse) spread onto every day of the range, zero where there was no traffic. */
  function byDay(rows, range, field) {
    const m = new Map(rows.map(r => [r.day, r]));
    return range.map(d => ({ label: d, short: d.slice(5), value: m.has(d) ? Number(m.get(d)[field]) || 0 : 0 }));
  }

  function num(v) { return v === null || v === undefined ? '' : Number(v).toLocaleString('en-US'); }
  function money(v) {
    if (v === null || v === undefined || v === '') return '';
    const n = Number(v);
    return '$' + (n !== 0 && Math.abs(n) < 0.01 ? n.toPrecision(2) : n.toFixed(2));
  }
  function list(v) { return Array.isArray(v) ? v.join(', ') : (v || ''); }
  function badge(text, kind) { return el('span', { class: 'badge ' + (kind || '') }, text); }

  /**
   * Form -> JSON. data-type on an input: "number", "int" or "list" (comma separated); empty fields are null,
   * or left out when the form has data-omit-empty.
   */
  function formJson(form) {
    const out = {};
    const omit = form.hasAttribute('data-omit-empty');
    form.querySelectorAll('[name]').forEach(f => {
      if (f.name === '_csrf' || f.disabled) return;
      let v = f.type === 'checkbox' ? f.checked : f.value.trim();
      if (v === '') { if (!omit) out[f.name] = null; return; }
      const t = f.dataset.type;
      if (t === 'number') v = Number(v);
      else if (t === 'int') v = parseInt(v, 10);
      else if (t === 'list') v = v.split(',').map(s => s.trim()).filter(Boolean);
      out[f.name] = v;
    });
    return out;
  }

  function fill(form, obj) {
    form.querySelectorAll('[name]').forEach(f => {
      const v = obj[f.name];
      if (f.type === 'checkbox') f.checked = !!v;
      else f.value = v === null || v === undefined ? '' : (Array.isArray(v) ? v.join(', ') : String(v));
    });
  }

  function toast(message, bad) {
    const t = document.getElementById('toast');
    t.className = bad ? 'bad' : '';
    t.textContent = message;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.textContent = ''; }, 5000);
  }

  /** Runs an async action, reporting failure in the toast instead of an unhandled rejection. */
  function guard(fn) {
    return async (...args) => {
      try { return await fn(...args); } catch (e) { toast(e.message, true); }
    };
  }

  function csv(columns, rows) {
    const q = v => { const s = v === null || v === undefined ? '' : String(v); return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
    return [columns.map(c => q(c.label)).join(','), ...rows.map(r => columns.map(c => q(c.raw(r))).join(','))].join('\r\n') + '\r\n';
  }

  /** Shows a secret (a new key) once, with a copy button; it is never stored anywhere by the page. */
  function showSecret(container, key, label) {
    const input = el('input', { id: 'new-key', readonly: true, value: key, 'aria-label': label || 'New key' });
    const copy = el('button', { type: 'button', id: 'copy-key', onclick: async () => {
      input.select();
      try { await navigator.clipboard.writeText(key); toast('Copied.'); }
      catch (e) { document.execCommand('copy'); toast('Copied.'); }
    } }, 'Copy');
    const done = el('button', { type: 'button', onclick: () => container.replaceChildren() }, 'Done');
    container.replaceChildren(el('div', { class: 'secret', role: 'alert' },
      el('strong', {}, (label || 'New key') + ' (shown only once):'), input, copy, done));
  }

  window.LLM = { api, el, table, barChart, days, byDay, num, money, list, badge, formJson, fill, toast, guard, csv, showSecret };
})();
