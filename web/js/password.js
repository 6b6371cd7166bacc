// The form that changes the signed-in user's own password: the current one,
// then the new one twice. Every session ends with it, so the browser signs
// in again. Settings shows it; so does the sign-in of a user whose password
// an admin gave them, before anything else (password_change_required).
import { post } from './api.js';
import { h, clear, field, formValues, clearErrors, showError } from './ui.js';
import { state } from './state.js';

export function passwordForm(el, { title = 'Change your password', intro = null, heading = 'h2' } = {}) {
  const form = h('form', { class: 'panel', novalidate: true },
    h(heading, {}, title),
    intro ? h('p', {}, intro) : null,
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    field({ name: 'current_password', label: 'Current password', type: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
    field({ name: 'password', label: 'New password (8 characters or more)', type: 'password', required: true, attrs: { autocomplete: 'new-password', minlength: 8 } }),
    field({ name: 'again', label: 'New password again', type: 'password', required: true, attrs: { autocomplete: 'new-password' } }),
    h('button', { type: 'submit', class: 'btn primary' }, 'Change password'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(form);
    const v = formValues(form);
    if (v.password !== v.again) { showError(form, Object.assign(new Error('the two new passwords differ'), { field: 'again' })); return; }
    if (v.password === v.current_password) { showError(form, Object.assign(new Error('choose a password other than the current one'), { field: 'password' })); return; }
    try {
      await post('/auth/password', { current_password: v.current_password, password: v.password });
      state.signedOut();
    } catch (err) { showError(form, err); }
  });
  clear(el, form);
  return form;
}
