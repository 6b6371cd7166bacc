// While a card is dragged near the left or right edge of the board, the
// board scrolls that way, so a step off screen can still take the drop.
const EDGE = 60;	// px from an edge where scrolling starts
const STEP = 24;	// px per dragover event (they come every few ms)

export function scrollWhileDragging(board) {
  board.addEventListener('dragover', (ev) => {
    const r = board.getBoundingClientRect();
    if (ev.clientX < r.left + EDGE) board.scrollLeft -= STEP;
    else if (ev.clientX > r.right - EDGE) board.scrollLeft += STEP;
  });
}
