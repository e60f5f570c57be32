// An actions menu button (WAI-ARIA menu button pattern): Enter, Space or ArrowDown opens it on the
// first item, ArrowUp on the last; ArrowUp/ArrowDown/Home/End move; Enter or Space picks;
// Escape closes and returns focus to the button; Tab or a click elsewhere closes it.
import { h, uid } from './dom.js';

let openMenu = null;

document.addEventListener('click', (event) => {
    if (openMenu && !openMenu.root.contains(event.target)) {
        openMenu.close(false);
    }
});

/**
 * @param label      the button's accessible name, e.g. "Actions for Production API"
 * @param text       the button's visible text
 * @param items      [{label, onSelect, danger?, testId?}]
 */
export function menuButton({ label, text = 'Actions', items, testId = null }) {
    const menuId = uid('menu');
    const buttonId = uid('menu-button');
    const button = h('button', {
        type: 'button',
        id: buttonId,
        class: 'btn btn-secondary btn-small menu-button',
        'aria-haspopup': 'menu',
        'aria-expanded': 'false',
        'aria-controls': menuId,
        'aria-label': label,
        'data-testid': testId,
    }, text, h('span', { class: 'caret', 'aria-hidden': 'true' }, '▾'));
    const entries = items.map((item) => h('li', { role: 'none' },
        h('button', {
            type: 'button',
            role: 'menuitem',
            tabindex: '-1',
            class: item.danger ? 'menu-item danger' : 'menu-item',
            'data-testid': item.testId,
        }, item.label)));
    const list = h('ul', { id: menuId, role: 'menu', class: 'menu', 'aria-labelledby': buttonId, hidden: true }, entries);
    const root = h('div', { class: 'menu-wrap' }, button, list);
    const menuItems = entries.map((li) => li.firstChild);

    const controller = {
        root,
        open(focusIndex = 0) {
            if (openMenu && openMenu !== controller) {
                openMenu.close(false);
            }
            list.hidden = false;
            button.setAttribute('aria-expanded', 'true');
            openMenu = controller;
            const index = (focusIndex + menuItems.length) % menuItems.length;
            menuItems[index].focus();
        },
        close(returnFocus = true) {
            list.hidden = true;
            button.setAttribute('aria-expanded', 'false');
            if (openMenu === controller) {
                openMenu = null;
            }
            if (returnFocus) {
                button.focus();
            }
        },
    };

    button.addEventListener('click', () => {
        if (list.hidden) {
            controller.open(0);
        } else {
            controller.close();
        }
    });
    button.addEventListener('keydown', (event) => {
        if (event.key === 'ArrowDown') {
            event.preventDefault();
            controller.open(0);
        } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            controller.open(-1);
        }
    });
    list.addEventListener('keydown', (event) => {
        const current = menuItems.indexOf(document.activeElement);
        const move = (index) => {
            event.preventDefault();
            menuItems[(index + menuItems.length) % menuItems.length].focus();
        };
        switch (event.key) {
            case 'ArrowDown':
                move(current + 1);
                break;
            case 'ArrowUp':
                move(current - 1);
                break;
            case 'Home':
                move(0);
                break;
            case 'End':
                move(menuItems.length - 1);
                break;
            case 'Escape':
                event.preventDefault();
                event.stopPropagation();
                controller.close();
                break;
            case 'Tab':
                controller.close(false);
                break;
            default:
                break;
        }
    });
    menuItems.forEach((el, index) => {
        el.addEventListener('click', () => {
            // focus goes back to the menu button first, so a dialog opened by the item returns focus there
            controller.close();
            items[index].onSelect(button);
        });
    });
    return root;
}
