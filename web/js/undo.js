// A status message with an "Undo" button that stays a few seconds: a move
// on the board can be taken back while the message shows. One offer at a
// time per HOST; a new one replaces the last.
import { h, clear } from './ui.js';

export const UNDO_SECONDS = 8;

export function offerUndo(host, message, undo, seconds = UNDO_SECONDS) {
  clearTimeout(host.undoTimer);
  const button = h('button', { type: 'button', class: 'btn small' }, 'Undo');
  const done = (text) => {
    clearTimeout(host.undoTimer);
    clear(host, text ? h('span', {}, text) : null);
    host.hidden = !text;
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      done(await undo());
    } catch (err) {
      done(`Not undone: ${err.message}`);
    }
  });
  clear(host, h('span', {}, message), ' ', button);
  host.hidden = false;
  host.undoTimer = setTimeout(() => done(null), seconds * 1000);
  return button;
}
