// The "Send e-mail" dialog of the deal and contact pages: To (the
// contact's address), a template whose merge fields the server fills in
// (POST /api/v1/mail/preview), the subject and text, and the next step the
// message proposes (or that it proposes none). Sending (POST
// /api/v1/mail/send) logs the message on the deal as an e-mail, so the
// deal's timeline shows it. docs/mail.md, "Sending from a deal".
import { get, post, items } from './api.js';
import { h, field, dialog, toast } from './ui.js';
import { nextStepFields } from './actions.js';

// DEAL: {id, title, contact_id}; CONTACT: {id, name, email}; TO: the
// address to fill in; ONDONE runs after the message went.
export async function sendEmail({ deal, contact, to, onDone }) {
  const templates = items(await get('/mail/templates').catch(() => ({ items: [] })));
  const target = deal ? { deal_id: deal.id } : { contact_id: contact.id };
  const proposes = h('fieldset', {},
    h('legend', {}, 'What next step does it propose?'),
    h('div', { class: 'field inline' },
      h('input', { type: 'radio', name: 'proposal', id: 'mail-proposes-yes', value: 'yes', checked: true }),
      h('label', { for: 'mail-proposes-yes' }, 'It proposes a next step')),
    h('div', { class: 'field inline' },
      h('input', { type: 'radio', name: 'proposal', id: 'mail-proposes-no', value: 'no' }),
      h('label', { for: 'mail-proposes-no' }, 'It proposes none')));
  const nextBox = h('div', { class: 'next-box' }, nextStepFields('ns_'));
  const body = [
    field({ name: 'to', label: 'To', type: 'email', value: to || '', required: true, attrs: { maxlength: 254, autocomplete: 'off' } }),
    field({ name: 'template', label: 'Template', type: 'select', value: '',
      options: [['', templates.length ? '— none: write it —' : '— no templates yet —'], ...templates.map((t) => [t.name, t.name])] }),
    field({ name: 'subject', label: 'Subject', required: true, attrs: { maxlength: 500 } }),
    field({ name: 'body', label: 'Message', type: 'textarea', required: true, wide: true, attrs: { maxlength: 9000, rows: 10 } }),
    proposes,
    nextBox,
  ];
  const title = deal ? `Send e-mail: ${deal.title}` : `Send e-mail: ${contact.name}`;
  let dlg = null;
  const values = () => Object.fromEntries(['to', 'template', 'subject', 'body', 'ns_what', 'ns_due', 'ns_type']
    .map((n) => [n, dlg.querySelector(`[name="${n}"]`)?.value.trim() ?? '']));
  const proposal = () => dlg.querySelector('#mail-proposes-yes').checked;
  const message = (v) => {
    const m = { ...target, to: v.to, subject: v.subject, body: v.body };
    if (proposal()) m.next_step = { what: v.ns_what, due: v.ns_due, type: v.ns_type };
    else m.agreement = false;
    return m;
  };
  dlg = dialog(title, body, async (v) => {
    await post('/mail/send', message({ ...v, ...values() }));
    toast(`E-mail sent to ${v.to}`);
    if (onDone) onDone();
  }, { submitLabel: 'Send' });
  const formError = dlg.querySelector('.form-error');
  // a template fills the subject and text, its merge fields resolved for
  // this deal and the next step proposed
  async function fill() {
    const v = values();
    if (!v.template) return;
    formError.textContent = '';
    const m = { ...target, template: v.template };
    if (proposal() && v.ns_what && v.ns_due) m.next_step = { what: v.ns_what, due: v.ns_due, type: v.ns_type };
    try {
      const r = await post('/mail/preview', m);
      dlg.querySelector('[name="subject"]').value = r.subject;
      dlg.querySelector('[name="body"]').value = r.body;
      if (!v.to) dlg.querySelector('[name="to"]').value = r.to;
    } catch (err) { formError.textContent = err.message; }
  }
  dlg.querySelector('[name="template"]').addEventListener('change', fill);
  for (const n of ['ns_what', 'ns_due']) dlg.querySelector(`[name="${n}"]`).addEventListener('change', fill);
  const sync = () => {
    const yes = proposal();
    nextBox.hidden = !yes;
    for (const el of nextBox.querySelectorAll('input, select')) el.disabled = !yes;
    fill();
  };
  for (const r of dlg.querySelectorAll('input[name=proposal]')) r.addEventListener('change', sync);
  for (const n of ['what', 'due', 'type']) {
    const wrap = nextBox.querySelector(`[data-field="ns_${n}"]`);
    if (wrap) wrap.dataset.field = `next_step.${n}`;
  }
  return dlg;
}
