// Teams and users: list, create, edit budgets and limits, block, delete; a team's members (its users and keys).
'use strict';
(function () {
  const { api, el, table, num, money, list, badge, formJson, fill, toast, guard, showSecret } = window.LLM;
  const teamForm = document.getElementById('team-form');
  const userForm = document.getElementById('user-form');
  let editing = null;
  let editingUser = null;
  let users = [];

  const limits = t => [t.tpm_limit, t.rpm_limit, t.max_parallel_requests].map(v => v == null ? '–' : num(v)).join(' / ');
  const budget = t => t.max_budget == null ? '–' : money(t.max_budget) + (t.budget_duration ? ' / ' + t.budget_duration : '');

  async function spendBy(group) {
    try {
      const r = await api('/spend/report', { query: { group_by: group }, allowFailure: true });
      return new Map(r.data.map(g => [g.group, g.cost]));
    } catch (e) { return new Map(); }
  }

  const load = guard(async () => {
    const [teams, userList, teamSpend, userSpend] = await Promise.all([api('/team/list'),
      api('/user/list').catch(() => ({ users: [] })), spendBy('team'), spendBy('user')]);
    users = userList.users;
    table(document.getElementById('teams-table'), [
      { label: 'Team id', value: t => t.team_id },
      { label: 'Name', value: t => t.team_alias || '' },
      { label: 'Models', value: t => list(t.models) || 'all' },
      { label: 'TPM / RPM / parallel', value: limits },
      { label: 'Budget', value: budget },
      { label: 'Spend', num: true, value: t => money(teamSpend.get(t.team_id) || 0) },
      { label: 'Status', value: t => t.blocked ? badge('blocked', 'bad') : badge('active', 'ok') },
      { label: 'Actions', value: t => el('div', { class: 'actions' },
        el('button', { type: 'button', 'aria-label': 'Edit team ' + t.team_id, onclick: () => edit(t) }, 'Edit'),
        el('button', { type: 'button', 'aria-label': 'Members of ' + t.team_id, onclick: () => members(t) }, 'Members'),
        el('button', { type: 'button', 'aria-label': (t.blocked ? 'Unblock team ' : 'Block team ') + t.team_id,
          onclick: () => save({ team_id: t.team_id, blocked: !t.blocked }) }, t.blocked ? 'Unblock' : 'Block'),
        el('button', { type: 'button', class: 'danger', 'aria-label': 'Delete team ' + t.team_id, onclick: () => remove(t) }, 'Delete')) }
    ], teams, 'No teams yet.');
    table(document.getElementById('users-table'), [
      { label: 'User id', value: u => u.user_id },
      { label: 'Email', value: u => u.user_info.user_email || '' },
      { label: 'Role', value: u => u.user_info.user_role || '' },
      { label: 'Teams', value: u => list(u.user_info.teams) },
      { label: 'TPM / RPM', value: u => [u.user_info.tpm_limit, u.user_info.rpm_limit].map(v => v == null ? '–' : num(v)).join(' / ') },
      { label: 'Budget', value: u => budget(u.user_info) },
      { label: 'Spend', num: true, value: u => money(userSpend.get(u.user_id) || 0) },
      { label: 'Keys', num: true, value: u => num(u.keys.length) },
      { label: 'Actions', value: u => el('div', { class: 'actions' },
        el('button', { type: 'button', 'aria-label': 'Edit user ' + u.user_id, onclick: () => editUser(u) }, 'Edit'),
        el('button', { type: 'button', class: 'danger', 'aria-label': 'Delete user ' + u.user_id, onclick: () => removeUser(u) }, 'Delete')) }
    ], users, 'No users yet.');
  });

  // the team and user forms each create, or edit the row whose id is given
  function formMode(noun, id) {
    document.getElementById(noun + '-form-title').textContent = id ? 'Edit ' + noun + ' ' + id : 'Create a ' + noun;
    document.getElementById(noun + '-submit').textContent = id ? 'Save changes' : 'Create ' + noun;
    document.getElementById(noun + '-cancel').hidden = !id;
  }

  function edit(t) {
    editing = t;
    fill(teamForm, t);
    teamForm.elements.team_id.readOnly = true;
    formMode('team', t.team_id);
    teamForm.scrollIntoView();
  }

  function reset() {
    editing = null;
    teamForm.reset();
    teamForm.elements.team_id.readOnly = false;
    formMode('team', null);
  }

  // the create-user form doubles as the edit form; /user/update changes only what it is sent, so every field is sent
  function editUser(u) {
    editingUser = u.user_id;
    fill(userForm, u.user_info);
    userForm.elements.user_id.readOnly = true;
    userForm.elements.auto_create_key.disabled = true;
    document.getElementById('u-key-field').hidden = true;
    formMode('user', u.user_id);
    userForm.scrollIntoView();
  }

  function resetUser() {
    editingUser = null;
    userForm.reset();
    userForm.elements.user_id.readOnly = false;
    userForm.elements.auto_create_key.disabled = false;
    document.getElementById('u-key-field').hidden = false;
    formMode('user', null);
  }

  const removeUser = guard(async u => {
    if (!confirm('Delete user ' + u.user_id + ' and all its keys?')) return;
    await api('/user/delete', { body: { user_ids: [u.user_id] } });
    toast('User deleted.');
    if (editingUser === u.user_id) resetUser();
    await load();
  });

  const save = guard(async body => {
    await api('/team/update', { body });
    toast('Team ' + body.team_id + ' updated.');
    await load();
  });

  const members = guard(async t => {
    const info = await api('/team/info', { query: { team_id: t.team_id } });
    document.getElementById('members-title').textContent = 'Members of ' + t.team_id;
    table(document.getElementById('members-users'), [
      { label: 'User', value: u => u.user_id },
      { label: 'Email', value: u => u.user_info.user_email || '' },
      { label: 'Role', value: u => u.user_info.user_role || '' }
    ], users.filter(u => (u.user_info.teams || []).includes(t.team_id)), 'No users in this team.');
    table(document.getElementById('members-keys'), [
      { label: 'Key alias', value: k => k.key_alias || '' },
      { label: 'Key', value: k => k.key_name },
      { label: 'User', value: k => k.user_id || '' },
      { label: 'Status', value: k => k.blocked ? badge('blocked', 'bad') : badge('active', 'ok') }
    ], info.keys, 'No keys in this team.');
    const section = document.getElementById('members');
    section.hidden = false;
    section.scrollIntoView();
  });

  const remove = guard(async t => {
    if (!confirm('Delete team ' + t.team_id + ' and all its keys?')) return;
    await api('/team/delete', { body: { team_ids: [t.team_id] } });
    toast('Team deleted.');
    await load();
  });

  teamForm.addEventListener('submit', guard(async ev => {
    ev.preventDefault();
    const body = formJson(teamForm);
    if (editing) {
      await api('/team/update', { body });
      toast('Team updated.');
    } else {
      Object.keys(body).forEach(k => { if (body[k] === null) delete body[k]; });
      await api('/team/new', { body });
      toast('Team created.');
    }
    reset();
    await load();
  }));
  document.getElementById('team-cancel').addEventListener('click', reset);

  userForm.addEventListener('submit', guard(async ev => {
    ev.preventDefault();
    const body = formJson(userForm);
    if (editingUser) {
      await api('/user/update', { body });
      toast('User ' + body.user_id + ' updated.');
      resetUser();
      await load();
      return;
    }
    Object.keys(body).forEach(k => { if (body[k] === null) delete body[k]; });
    const created = await api('/user/new', { body });
    if (created.key) showSecret(document.getElementById('team-secret'), created.key, 'Key of user ' + created.user_id);
    else toast('User created.');
    userForm.reset();
    await load();
  }));
  document.getElementById('user-cancel').addEventListener('click', resetUser);
  load();
})();
