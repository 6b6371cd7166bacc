// Settings › My mail: the signed-in user's own morning digest and
// next-step reminders, each on or off, and the digest's time (UTC).
// docs/mail.md, "Settings pages".
import { get, put } from './api.js';
import { h, clear, field, formValues, clearErrors, showError, toast } from './ui.js';

export async function mailPreferencesPage(el, current) {
  const p = await get('/mail/preferences');
  if (current && !current()) return;
  const form = h('form', { class: 'panel', novalidate: true, 'aria-label': 'My digest and reminders' },
    h('h2', {}, 'My digest and reminders'),
    h('p', { class: 'muted' }, 'Each morning Fulcrum can e-mail you your agenda\'s top items and counts, and remind you of the next steps due that day.'),
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    field({ name: 'digest', label: 'Send me the morning digest', type: 'checkbox', value: p.digest }),
    field({ name: 'reminders', label: 'Remind me of next steps due that day', type: 'checkbox', value: p.reminders }),
    field({ name: 'time', label: 'Time of the digest (UTC)', type: 'time', value: p.time, required: true }),
    h('button', { type: 'submit', class: 'btn primary' }, 'Save'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(form);
    const v = formValues(form);
    try {
      await put('/mail/preferences', { digest: v.digest, reminders: v.reminders, time: v.time.slice(0, 5) });
      toast('Preferences saved');
    } catch (err) { showError(form, err); }
  });
  clear(el, form);
}
