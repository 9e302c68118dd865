// Models: deployments per alias with provider, health, cooldown, quota headroom and price; deployments stored in
// the database (the run-time model API, /model/*) can be added, edited and deleted here.
'use strict';
(function () {
  const { api, el, table, num, badge, formJson, toast, guard } = window.LLM;
  const form = document.getElementById('model-form');
  let editing = null;

  const load = guard(async () => {
    const [deployments, health, info] = await Promise.all([api('/model/deployments'),
      api('/health').catch(() => ({ healthy_endpoints: [], unhealthy_endpoints: [] })),
      api('/model/info', { allowFailure: true }).catch(() => null)]);
    document.getElementById('model-editor').hidden = info === null;
    const stored = new Map((info ? info.data : []).map(m => [m.model_info.id, m]));
    const state = new Map([...(health.healthy_endpoints || []), ...(health.unhealthy_endpoints || [])].map(h => [h.id, h]));
    const price = v => v == null ? '–' : '$' + Number(v).toLocaleString('en-US', { maximumFractionDigits: 4 });
    const headroom = (left, limit) => limit == null ? 'no limit' : num(left) + ' of ' + num(limit);
    const columns = [
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
      { label: 'Price from', value: d => d.price.source }];
    if (info) {
      columns.push({ label: 'Source', value: d => stored.get(d.id) && stored.get(d.id).model_info.db_model ? 'database' : 'configuration' });
      columns.push({ label: 'Actions', value: d => {
        const m = stored.get(d.id);
        if (!m || !m.model_info.db_model) return '';
        return el('div', { class: 'actions' },
          el('button', { type: 'button', 'aria-label': 'Edit deployment ' + d.id, onclick: () => edit(m) }, 'Edit'),
          el('button', { type: 'button', class: 'danger', 'aria-label': 'Delete deployment ' + d.id, onclick: () => remove(d.id) }, 'Delete'));
      } });
    }
    table(document.getElementById('models-table'), columns, deployments, 'No models configured (llm.models).');
  });

  function edit(m) {
    editing = m.model_info.id;
    const p = m.litellm_params;
    form.elements.model_name.value = m.model_name;
    form.elements.model.value = p.model || '';
    form.elements.api_base.value = p.api_base || '';
    form.elements.api_key.value = '';
    form.elements.rpm.value = p.rpm == null ? '' : p.rpm;
    form.elements.tpm.value = p.tpm == null ? '' : p.tpm;
    document.getElementById('model-form-title').textContent = 'Edit deployment ' + editing;
    document.getElementById('model-submit').textContent = 'Save changes';
    document.getElementById('model-cancel').hidden = false;
    form.scrollIntoView();
  }

  function reset() {
    editing = null;
    form.reset();
    document.getElementById('model-form-title').textContent = 'Add a deployment';
    document.getElementById('model-submit').textContent = 'Add deployment';
    document.getElementById('model-cancel').hidden = true;
  }

  const remove = guard(async id => {
    if (!confirm('Delete deployment ' + id + '?')) return;
    await api('/model/delete', { body: { id } });
    toast('Deployment deleted.');
    await load();
  });

  form.addEventListener('submit', guard(async ev => {
    ev.preventDefault();
    const f = formJson(form);
    const params = { model: f.model, api_base: f.api_base, rpm: f.rpm, tpm: f.tpm };
    if (f.api_key) params.api_key = f.api_key;
    const body = { model_name: f.model_name, litellm_params: params };
    let r;
    if (editing) {
      body.id = editing;
      r = await api('/model/update', { body });
    } else {
      Object.keys(params).forEach(k => { if (params[k] === null) delete params[k]; });
      r = await api('/model/new', { body });
    }
    toast(r.message + (r.warnings && r.warnings.length ? ' (' + r.warnings.join('; ') + ')' : ''));
    reset();
    await load();
  }));
  document.getElementById('model-cancel').addEventListener('click', reset);
  load();
})();
