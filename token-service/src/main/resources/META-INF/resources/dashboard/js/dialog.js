// Modal dialogs on the native <dialog> element: the rest of the page is inert while one is open,
// Tab and Shift+Tab stay inside it, Escape closes it, and focus goes back to what opened it.
import { h, uid } from './dom.js';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), '
    + 'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root) {
    return [...root.querySelectorAll(FOCUSABLE)].filter((el) => !el.closest('[hidden]') && el.getClientRects().length > 0);
}

/**
 * Opens a modal dialog.
 * @param title       the heading (also the dialog's accessible name)
 * @param content     nodes for the body
 * @param actions     nodes for the footer (buttons)
 * @param initialFocus element to focus first (default: the first field, else the first button)
 * @param returnFocus element to focus after closing (default: whatever had focus before)
 * @param onClose     called once after the dialog closed
 * @param size        'narrow' | 'wide'
 * @returns {{el, close, setTitle}}
 */
export function openDialog({ title, description = null, content = [], actions = [], initialFocus = null,
    returnFocus = null, onClose = null, size = 'narrow', testId = null }) {
    const titleId = uid('dialog-title');
    const descId = description ? uid('dialog-desc') : null;
    const opener = returnFocus || document.activeElement;
    const heading = h('h2', { id: titleId, class: 'dialog-title' }, title);
    const closeButton = h('button', { type: 'button', class: 'icon-button dialog-close', 'aria-label': 'Close' }, '×');
    const body = h('div', { class: 'dialog-body' },
        description ? h('p', { id: descId, class: 'dialog-description' }, description) : null,
        content);
    const footer = h('div', { class: 'dialog-actions' }, actions);
    const el = h('dialog', {
        class: `dialog dialog-${size}`,
        'aria-labelledby': titleId,
        'aria-describedby': descId,
        'data-testid': testId,
    }, h('div', { class: 'dialog-header' }, heading, closeButton), body, footer);

    let closed = false;
    function close() {
        if (closed) {
            return;
        }
        closed = true;
        if (el.open) {
            el.close();
        }
        el.remove();
        const target = opener && opener.isConnected ? opener : document.querySelector('main h1');
        if (target) {
            if (!target.hasAttribute('tabindex') && !target.matches(FOCUSABLE)) {
                target.setAttribute('tabindex', '-1');
            }
            target.focus();
        }
        if (onClose) {
            onClose();
        }
    }

    closeButton.addEventListener('click', close);
    // Escape: the browser fires "cancel"; we close ourselves so focus handling stays in one place
    el.addEventListener('cancel', (event) => {
        event.preventDefault();
        close();
    });
    el.addEventListener('keydown', (event) => {
        if (event.key !== 'Tab') {
            return;
        }
        const items = focusables(el);
        if (items.length === 0) {
            event.preventDefault();
            return;
        }
        const first = items[0];
        const last = items[items.length - 1];
        if (event.shiftKey && document.activeElement === first) {
            event.preventDefault();
            last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
            event.preventDefault();
            first.focus();
        }
    });
    // a click on the backdrop (outside the dialog box) does not close: a half-read token must not vanish

    document.body.appendChild(el);
    el.showModal();
    const target = initialFocus
        || el.querySelector('.dialog-body input:not([type="hidden"]), .dialog-body select, .dialog-body textarea')
        || footer.querySelector('button')
        || closeButton;
    target.focus();

    return {
        el,
        body,
        footer,
        close,
        setTitle(text) {
            heading.textContent = text;
        },
    };
}
