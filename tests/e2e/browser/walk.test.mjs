// A rep runs a sale from the first contact to the referral in the browser
// alone (issue 14's first "Done means"): on a demo database, signed in as
// a demo rep, only through the pages (no CLI or API call in the steps), they
// create an account, a contact and a deal, and walk the deal through the
// six steps: each step's exit criteria refuse the move on the page first,
// then the rep satisfies them through the pages and the move holds. The
// deal is won, the satisfaction check recorded, a referral given and the
// expansion ask closed from Today. A manager then keeps the offerings in
// Settings, and edits the deal and its stakeholders in place.
//
//   FULCRUM_BIN=build/fulcrum node --test tests/e2e/browser/walk.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, page, run, day, shot, expecting, settled, clean } from './harness.mjs';

const rep = { email: 'rep1@demo.test', password: 'demo1234', name: 'Ana Dubois' };
const manager = { email: 'manager@demo.test', password: 'demo1234' };
const walk = {};

useBrowser('fulcrum-walk', {
  prepare: () => {
    const demo = run(['demo', '--seed', '3', '--deals', '20']);
    assert.equal(demo.code, 0, `demo: ${demo.err}`);
  },
});

async function signIn(who) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  // Today's agenda is in before the test moves on (leaving cancels it)
  await page.locator('.agenda-item').first().waitFor();
  await settled();
}

const advanceRefused = { method: 'POST', re: /^\/api\/v1\/deals\/\d+\/advance$/, status: [422] };
const dealHeading = () => page.getByRole('heading', { name: 'Walk Co invoicing', level: 1 });

// Clicks the deal page's "Advance to …" button; when REFUSED, waits for the
// rule's message on the page and returns it.
async function advance({ refused } = {}) {
  const before = await page.locator('.path li.current').textContent();
  await page.getByRole('button', { name: /^Advance to / }).click();
  if (refused) {
    const err = page.locator('.deal-actions ~ .grid2 .form-error, .panel .form-error').filter({ hasText: /./ }).first();
    await err.waitFor();
    return err.textContent();
  }
  await page.waitForFunction((b) => document.querySelector('.path li.current')?.textContent !== b, before);
  return null;
}

async function logCall({ notes, comfort, agreed, due = day(3), type, order }) {
  await page.getByRole('button', { name: 'Log a call' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel('Notes').fill(notes);
  if (comfort !== undefined) await dlg.getByLabel(/How comfortable are they/).selectOption(String(comfort));
  await dlg.getByLabel(order ? 'They placed the order (and we agreed the next step)' : 'We agreed on a next step').check();
  await dlg.getByLabel('Next step: what was agreed').fill(agreed);
  await dlg.getByLabel('Due').fill(due);
  if (type) await dlg.getByLabel('Type').selectOption(type);
  await dlg.getByRole('button', { name: 'Log it' }).click();
  await page.locator('#next-step', { hasText: agreed }).waitFor();
}

test('a rep signs in and creates an account and a contact', async () => {
  await signIn(rep);
  assert.match(await page.locator('#who-name').textContent(), /\(rep\)/);
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('link', { name: 'New account' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Walk Co');
  await page.getByLabel('Domain').fill('walk.example');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Walk Co', level: 1 }).waitFor();
  walk.account = Number(/\/accounts\/(\d+)/.exec(page.url())[1]);

  await page.getByRole('link', { name: 'Contacts', exact: true }).click();
  await page.getByRole('link', { name: 'New contact' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Wanda Walker');
  await page.getByLabel('Email').fill('wanda@walk.example');
  await page.getByLabel('Account').selectOption({ label: 'Walk Co' });
  await page.getByRole('button', { name: 'Create contact' }).click();
  await page.getByRole('heading', { name: 'Wanda Walker', level: 1 }).waitFor();
  await clean('account and contact');
});

test('the contact page starts a deal; the form shows what the API refuses next to the field', async () => {
  await page.getByRole('link', { name: 'New deal' }).click();
  await page.getByRole('heading', { name: 'New deal', level: 1 }).waitFor();
  const form = page.locator('main form');
  assert.equal(await form.getByLabel('Account').inputValue(), String(walk.account), 'the contact\'s account is chosen');
  assert.equal(await form.getByLabel('Contact').locator('option:checked').textContent(), 'Wanda Walker');
  await form.getByLabel('What was agreed').fill('Call Wanda about the invoice backlog');
  await shot('deal-new');
  await expecting([{ method: 'POST', re: /^\/api\/v1\/deals$/, status: [400, 422] }], async () => {
    await form.getByRole('button', { name: 'Create deal' }).click();
    const err = form.locator('[data-field="title"] .field-error');
    await err.filter({ hasText: /title/i }).waitFor();
    assert.equal(await form.getByLabel('Title').getAttribute('aria-invalid'), 'true');
  });
  await form.getByLabel('Title').fill('Walk Co invoicing');
  await form.getByLabel('Value').fill('24,000');
  await form.getByLabel('Expected close date').fill(day(45));
  await form.getByLabel('By when').fill(day(2));
  await form.getByRole('button', { name: 'Create deal' }).click();
  await dealHeading().waitFor();
  walk.deal = Number(/\/deals\/(\d+)/.exec(page.url())[1]);
  assert.match(await page.locator('#next-step').textContent(), /Call Wanda about the invoice backlog/);
  assert.match(await page.locator('.deal-owner').textContent(), /Ana Dubois/, 'the owner by name');
  await clean('new deal');
});

test('engage: refused without a need and timing, then the contact is qualified', async () => {
  await expecting([advanceRefused], async () => {
    assert.match(await advance({ refused: true }), /need/);
  });
  await page.locator('.deal-facts').getByRole('link', { name: 'Wanda Walker' }).click();
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('Need or interest').fill('Invoices take two weeks to go out');
  await page.getByLabel('Timing from').fill(day(-1));
  await page.getByLabel('Timing to').fill(day(90));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'Wanda Walker', level: 1 }).waitFor();
  await page.getByLabel('Deals').getByRole('link', { name: 'Walk Co invoicing' }).click();
  await dealHeading().waitFor();
  await advance();
  assert.match(await page.locator('.path li.current').textContent(), /comfortable/);
  await clean('engage');
});

test('comfort: refused below the threshold, then a call records the rapport', async () => {
  await expecting([advanceRefused], async () => {
    assert.match(await advance({ refused: true }), /comfort/);
  });
  await logCall({ notes: 'Long talk about their month-end.', comfort: 4, agreed: 'Workshop on their invoicing' });
  await advance();
  assert.match(await page.locator('.path li.current').textContent(), /want/);
  await clean('comfort');
});

test('discover: refused without wants, then the wants are recorded', async () => {
  await expecting([advanceRefused], async () => {
    assert.match(await advance({ refused: true }), /objective|want/);
  });
  const addWant = async (kind, text, importance) => {
    const form = page.locator('form.add-want');
    await form.getByLabel('Kind').selectOption(kind);
    await form.getByLabel('Importance (1-5)').selectOption(String(importance));
    await form.getByLabel('What they want').fill(text);
    await form.getByRole('button', { name: 'Add want' }).click();
    await page.locator('.panel', { hasText: text }).first().waitFor();
  };
  await addWant('objective', 'Send invoices the day the work is done', 5);
  await addWant('problem', 'Invoices are typed twice', 4);
  await advance();
  assert.match(await page.locator('.path li.current').textContent(), /Show how/);
  await clean('discover');
});

test('present: refused until each important want has a fit', async () => {
  await expecting([advanceRefused], async () => {
    assert.match(await advance({ refused: true }), /fit|cover/);
  });
  for (const want of ['Send invoices the day the work is done', 'Invoices are typed twice']) {
    const form = page.locator('form.add-fit');
    const option = await form.getByLabel('Want').locator('option', { hasText: want }).textContent();
    await form.getByLabel('Want').selectOption({ label: option });
    await form.getByLabel('Offering').selectOption({ index: 0 });
    await form.getByLabel('How it gives them that').fill(`It answers "${want}" on the day.`);
    await form.getByRole('button', { name: 'Add fit' }).click();
    await page.locator('.panel li:not(.history)', { hasText: `It answers "${want}"` }).waitFor();
  }
  await advance();
  assert.match(await page.locator('.path li.current').textContent(), /agreement/);
  await clean('present');
});

test('agree: the win is refused without an agreement, then the order is agreed and won', async () => {
  await expecting([{ method: 'POST', re: /^\/api\/v1\/deals\/\d+\/win$/, status: [422] }], async () => {
    await page.getByRole('button', { name: 'Win' }).click();
    const dlg = page.getByRole('dialog');
    await dlg.getByRole('button', { name: 'Mark as won' }).click();
    assert.match(await dlg.locator('.form-error').filter({ hasText: /./ }).textContent(), /agreement/);
    await dlg.getByRole('button', { name: 'Cancel' }).click();
  });
  await logCall({ notes: 'Wanda agrees to sign.', agreed: 'Order signed', type: 'order', due: day(1) });
  // an agreement is not the order: the win names the rule (step 5)
  await expecting([{ method: 'POST', re: /^\/api\/v1\/deals\/\d+\/win$/, status: [422] }], async () => {
    await page.getByRole('button', { name: 'Win' }).click();
    const dlg = page.getByRole('dialog');
    await dlg.getByRole('button', { name: 'Mark as won' }).click();
    assert.match(await dlg.locator('.form-error').filter({ hasText: /./ }).textContent(), /order/);
    await dlg.getByRole('button', { name: 'Cancel' }).click();
  });
  await logCall({ notes: 'Wanda signs the order.', agreed: 'Kick-off', type: 'follow-up', due: day(1), order: true });
  await page.getByRole('button', { name: 'Win' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel('Delivered on').fill(day(0));
  await dlg.getByRole('button', { name: 'Mark as won' }).click();
  await page.locator('.follow-up').waitFor();
  assert.equal(await page.getByText('Ready to advance').count(), 0, 'a won deal is not "ready to advance"');
  assert.equal(await page.locator('form.add-want, form.add-fit').count(), 0, 'no want or fit editing once won');
  assert.match(await page.locator('.follow-up').textContent(), /Check due/);
  await clean('won');
});

test('follow-up: the check, a referral, and the expansion ask closed from Today', async () => {
  await page.locator('.follow-up').getByRole('button', { name: 'Record the satisfaction check' }).click();
  let dlg = page.getByRole('dialog');
  await dlg.getByLabel(/How satisfied/).selectOption('5');
  await dlg.getByLabel('Notes').fill('Invoices go out the same day now.');
  await dlg.getByRole('button', { name: 'Record the check' }).click();
  await page.locator('.follow-up .checks', { hasText: 'Score 5 of 5' }).waitFor();
  assert.equal(await page.locator('.follow-up').getByRole('button', { name: 'Record the satisfaction check' }).count(), 0,
    'one satisfaction check per delivery');

  await page.locator('.follow-up').getByRole('button', { name: 'Record a referral' }).click();
  dlg = page.getByRole('dialog');
  await dlg.getByLabel('Name').fill('Rex Referred');
  await dlg.getByLabel('Email').fill('rex@elsewhere.example');
  await dlg.getByRole('button', { name: 'Record the referral' }).click();
  await page.locator('.follow-up', { hasText: 'Rex Referred' }).waitFor();
  await shot('deal-won');

  await page.getByRole('link', { name: 'Today', exact: true }).click();
  const ask = page.locator('.agenda-item.kind-expansion_ask', { hasText: 'Walk Co invoicing' });
  await ask.waitFor();
  await ask.getByRole('button', { name: 'Done: looked for more' }).click();
  await page.getByText('Ask done').waitFor();
  await page.locator('.agenda-item.kind-expansion_ask', { hasText: 'Walk Co invoicing' }).waitFor({ state: 'detached' });

  await page.goto(`/deals/${walk.deal}`);
  await dealHeading().waitFor();
  assert.equal(await page.locator('.follow-up .asks .badge', { hasText: 'to do' }).count(), 0, 'no ask left open');
  const timeline = await page.locator('.timeline').textContent();
  for (const said of [/Satisfaction check\s*score 5 of 5: Invoices go out the same day now\./, /Referral given/, /Won/,
    /Want added \(objective\)/, /Fit added/, /Next step agreed\s*"Order signed"/, /Moved\s*Engage/])
    assert.match(timeline, said);
  await clean('follow-up');
});

test('a manager keeps the offerings and edits the deal and its stakeholders in place', async () => {
  await page.locator('#signout').click();
  await signIn(manager);
  await page.goto('/settings/offerings');
  const form = page.locator('form', { hasText: 'Add an offering' });
  await form.getByLabel('Name').fill('Walk Onboarding');
  await form.getByLabel('Price').fill('1,500');
  await form.getByLabel(/Currency/).fill('USD');
  await form.getByRole('button', { name: 'Add offering' }).click();
  const row = page.locator('tr', { hasText: 'Walk Onboarding' });
  await row.waitFor();
  await row.getByRole('button', { name: 'Edit Walk Onboarding' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel('Description').fill('Two days on site');
  await dlg.getByRole('button', { name: 'Save' }).click();
  await page.locator('tr', { hasText: 'Two days on site' }).waitFor();
  await row.getByRole('button', { name: 'Deactivate Walk Onboarding' }).click();
  await page.locator('tr', { hasText: 'Walk Onboarding' }).filter({ hasText: 'deactivated' }).waitFor();
  await shot('settings-offerings');
  await settled();

  await page.goto(`/deals/${walk.deal}`);
  await dealHeading().waitFor();
  await page.getByRole('button', { name: 'Edit the deal' }).click();
  const edit = page.locator('form.deal-edit');
  await edit.getByLabel('Title').fill('Walk Co invoicing, phase one');
  await edit.getByLabel('Value').fill('26000');
  await edit.getByLabel('Owner').selectOption({ label: 'Chloe Schmidt' });
  await edit.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'Walk Co invoicing, phase one', level: 1 }).waitFor();
  assert.match(await page.locator('.deal-owner').textContent(), /Chloe Schmidt/);
  assert.match(await page.locator('.timeline').textContent(), /Deal edited.*owner Ana Dubois → Chloe Schmidt/);
  await clean('deal edit');
});

test('stakeholders are added with a role and removed on an open deal', async () => {
  await page.goto('/pipeline');
  await page.getByRole('link', { name: 'New deal in Engage with the right people' }).click();
  const form = page.locator('main form');
  await form.getByLabel('Title').fill('Walk Co second site');
  await form.getByLabel('Account').selectOption({ label: 'Walk Co' });
  await form.getByLabel('Contact').locator('option', { hasText: 'Wanda Walker' }).waitFor({ state: 'attached' });
  await form.getByLabel('Contact').selectOption({ label: 'Wanda Walker' });
  await form.getByLabel('What was agreed').fill('Visit the second site');
  await form.getByRole('button', { name: 'Create deal' }).click();
  await page.getByRole('heading', { name: 'Walk Co second site', level: 1 }).waitFor();
  const add = page.locator('form.add-stakeholder');
  await add.getByLabel('Person').selectOption({ label: 'Wanda Walker' });
  await add.getByLabel('Role').selectOption('decision_maker');
  await add.getByRole('button', { name: 'Add stakeholder' }).click();
  const listed = page.locator('.stakeholders li', { hasText: 'Wanda Walker' });
  await listed.filter({ hasText: 'Decision maker' }).waitFor();
  await shot('deal-open');
  await listed.getByRole('button', { name: 'Remove Wanda Walker from the stakeholders' }).click();
  await page.locator('.panel', { hasText: 'No stakeholders recorded.' }).waitFor();
  assert.match(await page.locator('.timeline').textContent(), /Stakeholder removed\s*Wanda Walker/);
  await clean('stakeholders');
});
