// How a card moves on the board without a mouse: choose the step in the
// card's "Move to" list (arrow keys only choose), then press "Move". A move
// back to an earlier step asks first, whether chosen or dropped.
import { h, dialog } from './ui.js';

// Resolves true when the user confirms moving TITLE back to step NAME.
export function confirmBack(title, name) {
  return new Promise((resolve) => {
    let ok = false;
    dialog(`Move back to ${name}?`, [
      h('p', {}, `"${title}" goes back to an earlier step. Its history keeps the move.`),
    ], async () => { ok = true; }, { submitLabel: 'Move back', onClose: () => resolve(ok) });
  });
}

// The card's control: a list of TARGETS ([key, name]) and a Move button
// that calls ONMOVE(key) with the chosen step.
export function moveControl(deal, targets, onMove) {
  const sel = h('select', { id: `mv-${deal.id}`, 'aria-label': `Move ${deal.title} to step` },
    h('option', { value: '' }, 'Move to…'),
    targets.map(([key, name]) => h('option', { value: key }, name)));
  const go = h('button', { type: 'button', class: 'btn small', 'aria-label': `Move ${deal.title}`, disabled: true }, 'Move');
  sel.addEventListener('change', () => { go.disabled = !sel.value; });
  go.addEventListener('click', () => { if (sel.value) onMove(sel.value); });
  return h('div', { class: 'card-move' }, sel, go);
}
