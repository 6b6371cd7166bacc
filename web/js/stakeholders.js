// A deal's stakeholders: the people of the account with their part in the
// decision (decision maker, influencer, user, champion, committee member:
// the roles the API names). Added with a role, the role changed by adding
// the same person again, removed with one button.
import { put, del, get, qs, items } from './api.js';
import { h, field, formValues, clearErrors, showError, toast, humanize } from './ui.js';
import { stakeholderRoles } from './state.js';

// DEAL as the API shows it (with its stakeholders); EDITABLE when the deal
// is open. Returns the panel's body.
export async function stakeholdersBody(deal, { editable, onDone }) {
  const sh = Array.isArray(deal.stakeholders) ? deal.stakeholders : [];
  const list = sh.length ? h('ul', { class: 'plain stakeholders' }, sh.map((s) => h('li', {},
    h('a', { href: `/contacts/${s.contact_id}`, 'data-link': true }, s.name || `contact #${s.contact_id}`),
    s.role ? [' ', h('span', { class: 'badge' }, humanize(s.role))] : null,
    editable ? [' ', h('button', {
      type: 'button', class: 'btn small danger', 'aria-label': `Remove ${s.name} from the stakeholders`,
      onclick: async (ev) => {
        ev.target.disabled = true;
        try { await del(`/deals/${deal.id}/stakeholders/${s.contact_id}`); toast('Stakeholder removed'); onDone(); } catch (err) { ev.target.disabled = false; toast(err.message); }
      },
    }, 'Remove')] : null)))
    : h('p', { class: 'muted' }, 'No stakeholders recorded.');
  if (!editable) return [list];
  const [roles, people] = await Promise.all([
    stakeholderRoles(),
    get(`/contacts${qs({ account_id: deal.account_id, limit: 200, sort: 'name' })}`).then(items),
  ]);
  const form = h('form', { class: 'add-stakeholder', novalidate: true },
    h('h3', {}, 'Add a stakeholder'),
    field({ name: 'contact_id', label: 'Person', type: 'select', options: people.map((c) => [String(c.id), c.name]) }),
    field({ name: 'role', label: 'Role', type: 'select', options: roles.map((r) => [r, humanize(r)]) }),
    h('button', { type: 'submit', class: 'btn small', disabled: !people.length }, 'Add stakeholder'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(form);
    const v = formValues(form);
    try {
      await put(`/deals/${deal.id}/stakeholders/${v.contact_id}`, { role: v.role });
      toast('Stakeholder recorded'); onDone();
    } catch (err) { showError(form, err); }
  });
  return [list, people.length ? form : h('p', { class: 'muted' }, 'The account has no contacts to add.')];
}
