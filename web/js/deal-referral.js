// The referral a deal came from (step 6, leverage; docs/follow-up.md): who
// referred the customer, credited with the deal's won value in the
// referrals report; or, while none is linked, the referrals of the deal's
// contact that produced no deal yet, one of which can be linked (POST
// /referrals/{id}/link). The rules are the core's: a refusal shows as is.
import { get, post, qs, items } from './api.js';
import { h, field, formValues, clearErrors, showError, toast } from './ui.js';

const name = (id) => get(`/contacts/${id}`).then((c) => c.name).catch(() => 'a contact');

export async function referralPanel(deal, onDone) {
  const box = h('section', { class: 'panel referral-panel', 'aria-label': 'Referral' }, h('h2', {}, 'Referral'));
  if (deal.source_referral_id) {
    const ref = await get(`/referrals/${deal.source_referral_id}`).catch(() => null);
    if (!ref) return null;
    box.append(h('p', { class: 'referral-from' }, 'Came from a referral by ',
      h('a', { href: `/contacts/${ref.from_contact_id}`, 'data-link': true }, await name(ref.from_contact_id)),
      ': its won value is credited to them.'));
    return box;
  }
  if (!deal.contact_id) return null;
  const open = items(await get(`/referrals${qs({ contact_id: deal.contact_id, limit: 50 })}`).catch(() => ({ items: [] })))
    .filter((r) => !r.deal_id);
  if (!open.length) return null;
  const options = await Promise.all(open.map(async (r) => [String(r.id), `referred by ${await name(r.from_contact_id)}`]));
  const form = h('form', { class: 'link-referral', novalidate: true },
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    field({ name: 'referral_id', label: 'Came from a referral', type: 'select', options }),
    h('button', { type: 'submit', class: 'btn small' }, 'Link the referral'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const v = formValues(form);
    try {
      await post(`/referrals/${v.referral_id}/link`, { deal_id: deal.id });
      toast('Referral linked');
      onDone();
    } catch (e) { showError(form, e); }
  });
  box.append(form);
  return box;
}
