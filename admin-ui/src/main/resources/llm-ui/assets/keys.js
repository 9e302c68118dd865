// Keys: list (never the key itself), create (the new key is shown once), edit limits/budget/models, regenerate,
// block/unblock, delete. All through the admin API (/key/*).
'use strict';
(function () {
  const { api, el, table, num, money, list, badge, formJson, fill, toast, guard, showSecret } = window.LLM;
  const form = document.getElementById('key-form');
  const filter = document.getElementById('key-filter');
  const secret = document.getElementById('key-secret');
  let editing = null;

  async function spendByKey() {
    try {
      const r = await api('/spend/report', { query: { group_by: 'key' }, allowFailure: true });
      return new Map(r.data.map(g => [g.group, g.cost]));
    } catch (e) { return new Map(); }
  }

  const load = guard(async () => {
    const [keys, spend] = await Promise.all([
      api('/key/list', { query: Object.assign({ return_full_object: 'true', size: 1000 }, formJson(filter)) }),
      spendByKey()]);
    table(document.getElementById('keys-table'), [
      { label: 'Alias', value: k => k.key_alias || '' },
      { label: 'Key', value: k => k.key_name },
      { label: 'Team', value: k => k.team_id || '' },
      { label: 'User', value: k => k.user_id || '' },
      { label: 'Models', value: k => list(k.models) || 'all' },
      { label: 'TPM / RPM / parallel', value: k => [k.tpm_limit, k.rpm_limit, k.max_parallel_requests].map(v => v == null ? '–' : num(v)).join(' / ') },
      { label: 'Budget', value: k => k.max_budget == null ? '–' : money(k.max_budget) + (k.budget_duration ? ' / ' + k.budget_duration : '') },
      { label: 'Spend', num: true, value: k => money(spend.get(k.token) || 0) },
      { label: 'Expires', value: k => k.expires ? k.expires.replace('T', ' ').slice(0, 16) : 'never' },
      { label: 'Status', value: k => k.blocked ? badge('blocked', 'bad') : badge('active', 'ok') },
      { label: 'Actions', value: k => el('div', { class: 'actions', 'data-key': k.key_alias || k.token },
        el('button', { type: 'button', 'aria-label': 'Edit ' + (k.key_alias || k.key_name), onclick: () => edit(k) }, 'Edit'),
        el('button', { type: 'button', 'aria-label': 'Regenerate ' + (k.key_alias || k.key_name), onclick: () => regenerate(k) }, 'Regenerate'),
        el('button', { type: 'button', 'aria-label': (k.blocked ? 'Unblock ' : 'Block ') + (k.key_alias || k.key_name),
          onclick: () => block(k, !k.blocked) }, k.blocked ? 'Unblock' : 'Block'),
        el('button', { type: 'button', class: 'danger', 'aria-label': 'Delete ' + (k.key_alias || k.key_name), onclick: () => remove(k) }, 'Delete')) }
    ], keys.keys, 'No keys yet.');
  });

  function edit(k) {
    editing = k;
    fill(form, k);
    form.elements.duration.value = '';
    document.querySelector('label[for="k-duration"]').textContent = 'New expiry from now (e.g. 30d; empty = keep)';
    form.dataset.mode = 'edit';
    document.getElementById('key-form-title').textContent = 'Edit key ' + (k.key_alias || k.key_name);
    document.getElementById('key-submit').textContent = 'Save changes';
    document.getElementById('key-cancel').hidden = false;
    form.scrollIntoView();
    form.elements.key_alias.focus();
  }

  function reset() {
    editing = null;
    form.reset();
    document.querySelector('label[for="k-duration"]').textContent = 'Expires after (e.g. 30d; empty = never)';
    form.dataset.mode = 'create';
    document.getElementById('key-form-title').textContent = 'Create a key';
    document.getElementById('key-submit').textContent = 'Create key';
    document.getElementById('key-cancel').hidden = true;
  }

  const submit = guard(async ev => {
    ev.preventDefault();
    const body = formJson(form);
    if (editing) {
      body.key = editing.token;
      if (body.duration === null) delete body.duration;  // null would clear the expiry
      await api('/key/update', { body });
      toast('Key updated.');
    } else {
      Object.keys(body).forEach(k => { if (body[k] === null) delete body[k]; });
      const created = await api('/key/generate', { body });
      showSecret(secret, created.key, 'New key');
    }
    reset();
    await load();
  });

  const regenerate = guard(async k => {
    if (!confirm('Regenerate ' + (k.key_alias || k.key_name) + '? The current key stops working at once.')) return;
    const r = await api('/key/regenerate', { body: { key: k.token } });
    showSecret(secret, r.key, 'Regenerated key');
    await load();
  });

  const block = guard(async (k, blocked) => {
    await api(blocked ? '/key/block' : '/key/unblock', { body: { key: k.token } });
    toast(blocked ? 'Key blocked.' : 'Key unblocked.');
    await load();
  });

  const remove = guard(async k => {
    if (!confirm('Delete ' + (k.key_alias || k.key_name) + '?')) return;
    await api('/key/delete', { body: { keys: [k.token] } });
    toast('Key deleted.');
    await load();
  });

  form.addEventListener('submit', submit);
  document.getElementById('key-cancel').addEventListener('click', reset);
  filter.addEventListener('submit', ev => { ev.preventDefault(); load(); });
  load();
})();
