// Settings › Mail templates: everyone sees the organisation's templates;
// admins and managers add, change and remove them. A merge field Fulcrum
// does not know is refused by name when the template is saved.
// docs/mail.md, "Templates".
import { get, post, patch, del, items } from './api.js';
import { h, clear, field, formValues, clearErrors, showError, toast, stackTable } from './ui.js';
import { state } from './state.js';

const FIELDS = ['first_name', 'name', 'account', 'deal', 'wants', 'next_step', 'next_step_due', 'sender'];

function templateForm(t, onSaved) {
  const form = h('form', { class: 'panel', novalidate: true, 'aria-label': t ? `Edit the template ${t.name}` : 'Add a template' },
    h('h2', {}, t ? `Edit: ${t.name}` : 'Add a template'),
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    field({ name: 'name', label: 'Name', value: t?.name || '', required: true, attrs: { maxlength: 100 } }),
    field({ name: 'subject', label: 'Subject', value: t?.subject || '', required: true, attrs: { maxlength: 500 } }),
    field({ name: 'body', label: 'Text', type: 'textarea', value: t?.body || '', required: true, wide: true, attrs: { rows: 10 } }),
    h('p', { class: 'muted' }, 'Merge fields: ', FIELDS.map((f, i) => [i ? ', ' : '', h('code', {}, `{{${f}}}`)])),
    h('button', { type: 'submit', class: 'btn primary' }, t ? 'Save' : 'Add template'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(form);
    const v = formValues(form);
    try {
      if (t) await patch(`/mail/templates/${t.id}`, { name: v.name, subject: v.subject, body: v.body });
      else await post('/mail/templates', { name: v.name, subject: v.subject, body: v.body });
      toast(t ? 'Template saved' : 'Template added');
      await onSaved();
    } catch (err) { showError(form, err); }
  });
  return form;
}

export async function mailTemplatesPage(el, current) {
  const rows = items(await get('/mail/templates'));
  if (current && !current()) return;
  const can = state.isManager();
  const editBox = h('div', { 'aria-live': 'polite' });
  const table = h('div', { class: 'table-wrap' });
  async function draw(data) {
    const list = data || items(await get('/mail/templates'));
    clear(table, list.length ? stackTable(h('table', { class: 'mail-templates' },
      h('caption', { class: 'sr-only' }, 'Mail templates'),
      h('thead', {}, h('tr', {}, ['Name', 'Subject', ''].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, list.map((t) => h('tr', { dataset: { template: String(t.id) } },
        h('td', {}, t.name), h('td', {}, t.subject),
        h('td', {}, can ? [
          h('button', { type: 'button', class: 'btn small', 'aria-label': `Edit the template ${t.name}`,
            onclick: () => { clear(editBox, templateForm(t, async () => { clear(editBox); await draw(); })); editBox.querySelector('input')?.focus(); } }, 'Edit'), ' ',
          h('button', { type: 'button', class: 'btn small danger', 'aria-label': `Remove the template ${t.name}`, onclick: async () => {
            try { await del(`/mail/templates/${t.id}`); toast('Template removed'); clear(editBox); await draw(); } catch (err) { toast(err.message); }
          } }, 'Remove')] : null))))))
      : h('p', { class: 'muted' }, 'No templates yet.'));
  }
  await draw(rows);
  clear(el, h('section', { class: 'panel' }, h('h2', {}, 'Mail templates'),
    h('p', { class: 'muted' }, can ? 'Templates fill the "Send e-mail" dialog of deals and contacts.'
      : 'Templates fill the "Send e-mail" dialog of deals and contacts; admins and managers change them.'),
    table), editBox, can ? templateForm(null, () => mailTemplatesPage(el)) : null);
}
