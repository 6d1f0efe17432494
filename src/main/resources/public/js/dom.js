// Tiny DOM helpers. User text only ever enters the page through textContent or
// text nodes: there is no innerHTML anywhere in this client.

/**
 * h('button.btn', {type: 'button', dataset: {testid: 'x'}, onclick: fn}, 'text', child)
 * Props starting with "on" become listeners, `dataset` fills data-*, `class` sets className,
 * everything else is an attribute (false/null skip it). Children: strings become text nodes.
 */
export function h(tag, props, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === false || v == null) continue;
      if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'class') el.className = (el.className ? el.className + ' ' : '') + v;
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export const $ = (sel, root = document) => root.querySelector(sel);

/** Replaces all children (text or nodes) without touching innerHTML. */
export function setChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

// http(s) URLs; trailing punctuation that usually ends a sentence is not part of the link.
const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?'")\]}>，。；：！？、）】》]+$/u;

/**
 * Message text as a fragment of text nodes and <a> elements. Only http and
 * https URLs that the URL parser accepts become links; the link text is the
 * literal text, the href the parsed URL, so nothing the sender typed can become markup.
 */
export function linkify(text) {
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    let raw = match[0];
    const trail = raw.match(TRAILING);
    // Keep a closing parenthesis that has an opening partner inside the URL.
    if (trail) {
      let cut = trail[0];
      if (cut.startsWith(')') && raw.slice(0, -cut.length).includes('(')) cut = cut.slice(1);
      if (cut) raw = raw.slice(0, -cut.length);
    }
    let url;
    try { url = new URL(raw); } catch { continue; }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    const start = match.index;
    if (start > last) frag.appendChild(document.createTextNode(text.slice(last, start)));
    const a = document.createElement('a');
    a.href = url.href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.textContent = raw;
    frag.appendChild(a);
    last = start + raw.length;
  }
  if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
  return frag;
}

/** A coloured initial; the colour follows the user id so it stays stable. */
export function avatar(user, { size = '', online } = {}) {
  const name = (user?.name || user?.username || '?').trim();
  const initial = [...name][0]?.toUpperCase() || '?';
  const el = h('span.avatar' + (size ? '.avatar-' + size : ''), { 'aria-hidden': 'true' });
  el.classList.add('avatar-c' + (Math.abs(Number(user?.id) || 0) % 8));
  el.appendChild(document.createTextNode(initial));
  if (online !== undefined) el.appendChild(h('span.presence-dot' + (online ? '.is-online' : ''), { dataset: { testid: 'online-dot', online: String(!!online) } }));
  return el;
}

/** Counts Unicode code points, as the server does for the 4000 limit. */
export function codePoints(s) {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
