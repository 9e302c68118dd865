// Models: deployments per alias with provider, health, cooldown, quota headroom and price.
'use strict';
(function () {
  const { api, el, table, num, badge, guard } = window.LLM;

  const load = guard(async () => {
    const [deployments, health] = await Promise.all([api('/model/deployments'),
      api('/health').catch(() => ({ healthy_endpoints: [], unhealthy_endpoints: [] }))]);
    const state = new Map([...health.healthy_endpoints, ...health.unhealthy_endpoints].map(h => [h.id, h]));
    const price = v => v == null ? '–' : '$' + Number(v).toLocaleString('en-US', { maximumFractionDigits: 4 });
    const headroom = (left, limit) => limit == null ? 'no limit' : num(left) + ' of ' + num(limit);
    table(document.getElementById('models-table'), [
      { label: 'Model', value: d => el('strong', {}, d.model_name) },
      { label: 'Deployment', value: d => d.id },
      { label: 'Provider', value: d => d.provider },
      { label: 'Provider model', value: d => d.model },
      { label: 'Health', value: d => {
        const s = (state.get(d.id) || {}).status || 'unknown';
        return badge(s.replace('_', ' '), s === 'healthy' ? 'ok' : s === 'unknown' ? '' : 'bad');
      } },
      { label: 'Cooldown', value: d => {
        const ms = (state.get(d.id) || {}).cooldown_remaining_ms || 0;
        return ms > 0 ? badge(Math.ceil(ms / 1000) + ' s left', 'warn') : 'none';
      } },
      { label: 'Last error', value: d => (state.get(d.id) || {}).last_error || '' },
      { label: 'RPM headroom', value: d => headroom(d.rpm_headroom, d.rpm_limit) },
      { label: 'TPM headroom', value: d => headroom(d.tpm_headroom, d.tpm_limit) },
      { label: 'Input price', num: true, value: d => price(d.price.input_per_million) },
      { label: 'Output price', num: true, value: d => price(d.price.output_per_million) },
      { label: 'Price from', value: d => d.price.source }
    ], deployments, 'No models configured (llm.models).');
  });
  load();
})();
