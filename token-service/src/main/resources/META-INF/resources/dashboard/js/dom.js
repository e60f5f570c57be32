// Small DOM helpers. Text always goes in as text nodes (never innerHTML), so API data cannot inject markup.

let idCounter = 0;

/** A unique id for label/aria wiring. */
export function uid(prefix = 'id') {
    idCounter += 1;
    return `${prefix}-${idCounter}`;
}

/**
 * Creates an element: h('button', {class: 'btn', onclick: fn}, 'Save').
 * Attributes starting with "on" become listeners; null/undefined/false attributes are skipped;
 * children may be strings, nodes, arrays or null.
 */
export function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
        if (value === null || value === undefined || value === false) {
            continue;
        }
        if (name.startsWith('on') && typeof value === 'function') {
            el.addEventListener(name.slice(2), value);
        } else if (name === 'dataset') {
            Object.assign(el.dataset, value);
        } else if (name === 'value' && 'value' in el) {
            el.value = value;
        } else if (value === true) {
            el.setAttribute(name, '');
        } else {
            el.setAttribute(name, String(value));
        }
    }
    append(el, children);
    return el;
}

function append(el, children) {
    for (const child of children) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        if (Array.isArray(child)) {
            append(el, child);
        } else if (child instanceof Node) {
            el.appendChild(child);
        } else {
            el.appendChild(document.createTextNode(String(child)));
        }
    }
}

/** Replaces all children of el. */
export function replace(el, ...children) {
    el.replaceChildren();
    append(el, children);
    return el;
}

/** Announces a message to screen readers (and shows it) through the page's polite live region. */
export function announce(message) {
    const region = document.getElementById('announcer');
    if (!region) {
        return;
    }
    region.textContent = '';
    // a new text node in a later task is announced even when the text repeats
    window.setTimeout(() => {
        region.textContent = message;
    }, 30);
}

/**
 * A labelled form field with room for a hint and server-side errors.
 * Returns {wrap, input, setErrors(list)}.
 */
export function field({ label, name, type = 'text', value = '', hint = null, required = false,
    multiline = false, attrs = {} }) {
    const id = uid(name.replace(/[^a-z0-9]/gi, '-'));
    const hintId = hint ? `${id}-hint` : null;
    const errorId = `${id}-error`;
    const input = multiline
        ? h('textarea', { id, name, rows: 3, required, ...attrs })
        : h('input', { id, name, type, required, ...attrs });
    input.value = value;
    const describedBy = [hintId, errorId].filter(Boolean).join(' ');
    input.setAttribute('aria-describedby', describedBy);
    const error = h('p', { class: 'field-error', id: errorId, hidden: true });
    const wrap = h('div', { class: 'field' },
        h('label', { for: id }, label, required ? null : h('span', { class: 'optional' }, ' (optional)')),
        hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
        input,
        error);
    function setErrors(list) {
        const messages = (list || []).filter(Boolean);
        if (messages.length === 0) {
            input.removeAttribute('aria-invalid');
            error.hidden = true;
            error.textContent = '';
        } else {
            input.setAttribute('aria-invalid', 'true');
            error.hidden = false;
            error.textContent = messages.join(' ');
        }
    }
    // an error belongs to the value it was about: editing the field clears it
    input.addEventListener('input', () => {
        if (input.getAttribute('aria-invalid') === 'true') {
            setErrors([]);
        }
    });
    return { wrap, input, setErrors };
}

/** An alert box for a form-level error (role=alert: read out at once). Hidden while empty. */
export function formAlert() {
    const el = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
    return {
        el,
        show(message) {
            el.textContent = message;
            el.hidden = !message;
        },
        clear() {
            el.textContent = '';
            el.hidden = true;
        },
    };
}

/** Copies text to the clipboard; falls back to a selected input + execCommand on insecure origins. */
export async function copyText(text, fallbackInput) {
    try {
        if (navigator.clipboard && window.isSecureContext) {
            await navigator.clipboard.writeText(text);
            return true;
        }
    } catch (e) {
        // fall through to the legacy path
    }
    if (fallbackInput) {
        fallbackInput.focus();
        fallbackInput.select();
        try {
            return document.execCommand('copy');
        } catch (e) {
            return false;
        }
    }
    return false;
}
