// The shared confirmation dialog (#confirm-dialog) as a promise: resolves true on OK, false on
// Cancel or Esc, and gives the focus back to where it was.

import { $ } from '../dom.js';

export function ask({ title, body, ok }) {
  const dlg = $('#confirm-dialog');
  const back = document.activeElement;
  $('#confirm-title').textContent = title;
  $('#confirm-body').textContent = body;
  $('#confirm-ok').textContent = ok;
  dlg.returnValue = '';
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => {
      if (back && back.isConnected) back.focus();
      resolve(dlg.returnValue === 'ok');
    }, { once: true });
    dlg.showModal();
    $('[data-testid=confirm-cancel]', dlg).focus();
  });
}
