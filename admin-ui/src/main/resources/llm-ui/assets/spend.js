// Spend and logs: spend by day (chart) and by key/team/model/end user with CSV export; recent ledger rows.
'use strict';
(function () {
  const { api, el, table, barChart, byDay, days, num, money, badge, formJson, guard, csv } = window.LLM;
  const range = document.getElementById('range-form');
  const logs = document.getElementById('log-form');
  const last30 = days(30);
  range.elements.from.value = last30[0];
  range.elements.to.value = last30[29];
  let breakdown = { group: 'model', rows: [] };
  let keyNames = new Map();

  function span(from, to) {
    const out = [];
    for (let d = new Date(from + 'T00:00:00Z'); d <= new Date(to + 'T00:00:00Z') && out.length < 400; d.setUTCDate(d.getUTCDate() + 1)) {
      out.push(d.toISOString().slice(0, 10));
    }
    return out;
  }

  const name = (group, id) => group === 'key' ? (keyNames.get(id) || id) : id;
  const columns = group => [
    { label: group === 'end_user' ? 'End user' : group[0].toUpperCase() + group.slice(1), value: g => g.group === null ? '(none)' : name(group, g.group), raw: g => g.group === null ? '' : name(group, g.group) },
    { label: 'Requests', num: true, value: g => num(g.requests), raw: g => g.requests },
    { label: 'Input tokens', num: true, value: g => num(g.input_tokens), raw: g => g.input_tokens },
    { label: 'Output tokens', num: true, value: g => num(g.output_tokens), raw: g => g.output_tokens },
    { label: 'Cache hits', num: true, value: g => num(g.cache_hits), raw: g => g.cache_hits },
    { label: 'Spend (USD)', num: true, value: g => money(g.cost), raw: g => g.cost }];

  const show = guard(async ev => {
    if (ev) ev.preventDefault();
    const f = formJson(range);
    const [daily, report] = await Promise.all([api('/spend/daily', { query: { from: f.from, to: f.to } }),
      api('/spend/report', { query: { group_by: f.group_by, from: f.from, to: f.to } })]);
    barChart(document.getElementById('spend-chart'), byDay(daily.data, span(f.from, f.to), 'cost'), { format: money, title: 'Spend per day' });
    breakdown = { group: f.group_by, from: f.from, to: f.to, rows: report.data.sort((a, b) => Number(b.cost) - Number(a.cost)) };
    table(document.getElementById('spend-breakdown'), columns(f.group_by), breakdown.rows, 'No spend in this range.');
  });

  document.getElementById('csv-export').addEventListener('click', () => {
    const blob = new Blob([csv(columns(breakdown.group), breakdown.rows)], { type: 'text/csv' });
    const a = el('a', { href: URL.createObjectURL(blob), download: 'spend-by-' + breakdown.group + '-' + breakdown.from + '-' + breakdown.to + '.csv', id: 'csv-link' });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 60000);
  });

  const iso = v => v ? new Date(v).toISOString() : undefined;
  const loadLogs = guard(async ev => {
    if (ev) ev.preventDefault();
    const f = formJson(logs);
    const rows = (await api('/spend/requests', { query: { key: f.key, model: f.model, status: f.status, from: iso(f.from), to: iso(f.to), limit: 200 } })).data;
    table(document.getElementById('log-table'), [
      { label: 'Time (UTC)', value: r => r.started_at.replace('T', ' ').slice(0, 19) },
      { label: 'Key', value: r => r.key_alias || (r.key_id ? r.key_id.slice(0, 10) + '…' : '') },
      { label: 'Team', value: r => r.team_id || '' },
      { label: 'End user', value: r => r.end_user || '' },
      { label: 'Model', value: r => r.model_alias || '' },
      { label: 'Deployment', value: r => r.deployment_id || '' },
      { label: 'Status', value: r => badge(String(r.status), r.outcome === 'SUCCESS' ? 'ok' : 'bad') },
      { label: 'Error', value: r => r.error_type || '' },
      { label: 'Tokens in / out', num: true, value: r => num(r.input_tokens) + ' / ' + num(r.output_tokens) },
      { label: 'Cost', num: true, value: r => money(r.cost) },
      { label: 'ms', num: true, value: r => num(r.duration_ms) },
      { label: 'Request id', value: r => el('code', {}, r.request_id) }
    ], rows, 'No requests match.');
  });

  range.addEventListener('submit', show);
  logs.addEventListener('submit', loadLogs);
  api('/key/list', { query: { return_full_object: 'true', size: 1000 }, allowFailure: true })
    .then(k => { keyNames = new Map(k.keys.map(x => [x.token, x.key_alias || x.key_name])); })
    .catch(() => {}).finally(() => { show(); loadLogs(); });
})();
