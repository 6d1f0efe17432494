// The keyboard of every small ARIA menu (a chat's menu, a message's actions): arrows move through
// the items and wrap, Home and End go to the first and last, Esc closes and gives focus back, Tab
// closes and lets focus move on.

/** Handles a keydown inside `menu` (its items are `.menu-item`); `close(refocus)` closes it. */
export function onMenuKey(e, menu, close) {
  const buttons = [...menu.querySelectorAll('.menu-item')];
  const i = buttons.indexOf(document.activeElement);
  const go = (j) => { e.preventDefault(); buttons[(j + buttons.length) % buttons.length]?.focus(); };
  switch (e.key) {
    case 'ArrowDown': go(i + 1); break;
    case 'ArrowUp': go(i - 1); break;
    case 'Home': go(0); break;
    case 'End': go(buttons.length - 1); break;
    case 'Escape': e.preventDefault(); e.stopPropagation(); close(); break;
    case 'Tab': close(false); break;
    default: break;
  }
}
