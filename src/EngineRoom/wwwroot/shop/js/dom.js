// Small DOM helpers. Data from the API is only ever put on the page as text (textContent), never as HTML, so a
// product name like "<img onerror=...>" shows as those characters instead of running. No inline styles or scripts
// either: the pages work under a Content-Security-Policy without 'unsafe-inline'.

/** el('p', { className: 'note' }, 'text', childNode) builds an element; strings become text nodes. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name in node) node[name] = value;
    else node.setAttribute(name, value);
  }
  node.append(...children.filter(c => c !== null && c !== undefined && c !== false));
  return node;
}

export const $ = selector => document.querySelector(selector);

/** Shows an error (an ApiError or any Error) in an element with role="alert", with the problem's code beside it. */
export function showError(box, error, prefix = '') {
  box.replaceChildren(
    el('strong', {}, prefix + error.message),
    error.code ? el('span', { className: 'code' }, ` (${error.code}${error.problem?.declineCode ? `: ${error.problem.declineCode}` : ''})`) : null,
    ...Object.entries(error.fieldErrors ?? {}).map(([field, messages]) => el('div', {}, `${field}: ${messages.join(' ')}`)));
  box.hidden = false;
}

export function clearError(box) {
  box.replaceChildren();
  box.hidden = true;
}
