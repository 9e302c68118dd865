// Overview: requests, errors, tokens and spend for today, 7 and 30 days; charts; top spenders; cooldowns.
'use strict';
(function () {
  const { api, el, table, barChart, days, byDay, num, money, guard } = window.LLM;

  function sum(rows, field) { return rows.reduce((s, r) => s + (Number(r[field]) || 0), 0); }

  async function top(group, names) {
    try {
      const r = await api('/spend/report', { query: { group_by: group, from: days(30)[0] }, allowFailure: true });
      return r.data.filter(g => g.group !== null).sort((a, b) => Number(b.cost) - Number(a.cost)).slice(0, 5)
        .map(g => Object.assign({ name: names ? (names.get(g.group) || g.group.slice(0, 12) + '…') : g.group }, g));
    } catch (e) { return []; }
  }

  const load = guard(async () => {
    const range = days(30);
    const daily = (await api('/spend/daily', { query: { from: range[0], to: range[29] } })).data;
    const totals = document.getElementById('totals');
    totals.replaceChildren();
    [['Today', range.slice(29)], ['7 days', range.slice(23)], ['30 days', range]].forEach(([label, span]) => {
      const rows = daily.filter(r => span.includes(r.day));
      [['Requests', num(sum(rows, 'requests'))], ['Errors', num(sum(rows, 'errors'))],
        ['Tokens', num(sum(rows, 'input_tokens') + sum(rows, 'output_tokens'))], ['Spend', money(sum(rows, 'cost'))]]
        .forEach(([what, value]) => totals.append(el('div', { class: 'stat', 'data-stat': label + ' ' + what },
          el('div', { class: 'label' }, what + ' · ' + label), el('div', { class: 'value' }, value))));
    });
    barChart(document.getElementById('overview-spend-chart'), byDay(daily, range, 'cost'), { format: money, title: 'Spend per day' });
    barChart(document.getElementById('overview-requests-chart'), byDay(daily, range, 'requests'), { title: 'Requests per day' });

    let keyNames = new Map();
    try {
      const keys = await api('/key/list', { query: { return_full_object: 'true', size: 1000 }, allowFailure: true });
      keyNames = new Map(keys.keys.map(k => [k.token, k.key_alias || k.key_name]));
    } catch (e) { /* keys capability off */ }
    const columns = [{ label: 'Name', value: g => g.name }, { label: 'Requests', num: true, value: g => num(g.requests) },
      { label: 'Spend', num: true, value: g => money(g.cost) }];
    const [models, keys, teams] = await Promise.all([top('model'), top('key', keyNames), top('team')]);
    table(document.getElementById('top-models'), columns, models, 'No traffic yet.');
    table(document.getElementById('top-keys'), columns, keys, 'No traffic with keys yet.');
    table(document.getElementById('top-teams'), columns, teams, 'No team traffic yet.');

    const health = await api('/health').catch(() => ({ unhealthy_endpoints: [] }));
    table(document.getElementById('cooldowns'), [
      { label: 'Deployment', value: h => h.id }, { label: 'Model', value: h => h.model_name },
      { label: 'Remaining', value: h => Math.ceil(h.cooldown_remaining_ms / 1000) + ' s' },
      { label: 'Last error', value: h => h.last_error || '' }
    ], health.unhealthy_endpoints.filter(h => h.cooldown_remaining_ms > 0), 'No deployment is cooling down.');
  });
  load();
})();
