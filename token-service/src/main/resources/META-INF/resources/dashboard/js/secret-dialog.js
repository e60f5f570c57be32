// The "shown once" dialog for a new project token (created, regenerated, or a new project's Default).
import { copyText, h, announce, uid } from './dom.js';
import { openDialog } from './dialog.js';

/** Holds the last secret shown, in memory only, so "Try it in the playground" can prefill it. */
export const lastSecret = { projectId: null, token: null };

/**
 * @param title     dialog heading
 * @param lead      one sentence about what happened
 * @param token     the full secret
 * @param projectId the project, for the playground link
 */
export function showSecretOnce({ title, lead, token, projectId, returnFocus = null, onClose = null }) {
    const inputId = uid('secret');
    const statusId = uid('copy-status');
    const input = h('input', {
        id: inputId,
        type: 'text',
        class: 'mono secret-input',
        readonly: true,
        spellcheck: 'false',
        autocomplete: 'off',
        'aria-describedby': statusId,
        'data-testid': 'new-token',
    });
    input.value = token;
    input.addEventListener('focus', () => input.select());
    const status = h('p', { id: statusId, class: 'copy-status', role: 'status', 'aria-live': 'polite' });

    async function copy(text, what) {
        const ok = await copyText(text, input);
        status.textContent = ok ? `${what} copied to the clipboard.` : 'Copy failed: select the token and copy it by hand.';
        if (ok) {
            announce(`${what} copied.`);
        }
    }

    const copyButton = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'copy-token' }, 'Copy');
    copyButton.addEventListener('click', () => copy(token, 'Token'));
    const copyEnvButton = h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'copy-env' },
        'Copy as environment variable');
    copyEnvButton.addEventListener('click', () => copy(`LETTERMINT_PROJECT_TOKEN=${token}`, 'Environment line'));

    const playground = h('a', {
        class: 'btn btn-secondary',
        href: `#/projects/${encodeURIComponent(projectId)}/playground`,
        'data-testid': 'secret-to-playground',
    }, 'Try it in the playground');
    const done = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'secret-done' }, 'Done');

    lastSecret.projectId = projectId;
    lastSecret.token = token;

    const dialog = openDialog({
        title,
        size: 'wide',
        testId: 'secret-dialog',
        returnFocus,
        content: [
            h('p', {}, lead),
            h('div', { class: 'alert alert-warning', role: 'note' },
                h('strong', {}, 'Copy the token now. '),
                'The full token is shown only once. If you lose it, regenerate that token or create a new one.'),
            h('label', { for: inputId, class: 'label' }, 'Project API token'),
            h('div', { class: 'copy-row' }, input, copyButton),
            status,
            h('p', { class: 'hint' },
                'Store it as ', h('code', {}, 'LETTERMINT_PROJECT_TOKEN'),
                ' in a secrets manager or environment variable. Never commit it or expose it in client-side code.'),
            h('div', { class: 'button-row' }, copyEnvButton),
        ],
        actions: [playground, done],
        initialFocus: copyButton,
        onClose: () => {
            input.value = '';
            if (onClose) {
                onClose();
            }
        },
    });
    done.addEventListener('click', () => dialog.close());
    // following the link closes the dialog (the secret stays in memory for the playground only)
    playground.addEventListener('click', () => dialog.close());
    return dialog;
}
