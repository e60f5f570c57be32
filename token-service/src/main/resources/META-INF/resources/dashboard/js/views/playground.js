// "Try the send endpoint": POST /v1/send with a project token, showing the status and response body.
import { sendWithProjectToken } from '../api.js';
import { field, formAlert, h, replace } from '../dom.js';
import { busy, clearErrors, showApiErrors } from '../forms.js';
import { lastSecret } from '../secret-dialog.js';
import { loadProjectHeader, projectHref, projectNav } from './common.js';

export function playgroundView(projectId) {
    const heading = h('h1', {}, 'Try the send endpoint');
    const crumbs = h('div', {});
    const prefilledToken = lastSecret.projectId === projectId ? lastSecret.token : '';
    const token = field({
        label: 'Project API token', name: 'token', type: 'password', required: true, value: prefilledToken || '',
        hint: 'Sent as the x-lettermint-token header. It is not stored anywhere.',
        attrs: { autocomplete: 'off', spellcheck: 'false', 'data-testid': 'pg-token' },
    });
    const show = h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-pressed': 'false' }, 'Show token');
    show.addEventListener('click', () => {
        const visible = token.input.type === 'text';
        token.input.type = visible ? 'password' : 'text';
        show.setAttribute('aria-pressed', String(!visible));
        show.textContent = visible ? 'Show token' : 'Hide token';
    });
    token.wrap.appendChild(show);
    const from = field({ label: 'From', name: 'from', required: true, value: 'You <you@example.com>',
        hint: 'Name <address> or an address.', attrs: { 'data-testid': 'pg-from', autocomplete: 'off' } });
    const to = field({ label: 'To', name: 'to', required: true, value: 'recipient@example.com',
        hint: 'One or more addresses, separated by commas.', attrs: { 'data-testid': 'pg-to', autocomplete: 'off' } });
    const subject = field({ label: 'Subject', name: 'subject', required: true, value: 'Hello',
        attrs: { 'data-testid': 'pg-subject', autocomplete: 'off' } });
    const text = field({ label: 'Text', name: 'text', required: true, value: 'Sent with a Project API token.',
        multiline: true, attrs: { 'data-testid': 'pg-text' } });
    const fields = { token, from, to, subject, text };
    const alert = formAlert();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'pg-send' }, 'Send');
    const form = h('form', { class: 'card form', novalidate: true }, token.wrap, from.wrap, to.wrap, subject.wrap, text.wrap,
        alert.el, submit);

    const result = h('section', { class: 'result', 'aria-live': 'polite', 'aria-label': 'Response', 'data-testid': 'pg-result' },
        h('p', { class: 'muted' }, 'The response appears here.'));
    const curl = h('pre', { class: 'code' });

    function payload() {
        return {
            from: from.input.value.trim(),
            to: to.input.value.split(',').map((s) => s.trim()).filter(Boolean),
            subject: subject.input.value,
            text: text.input.value,
        };
    }
    function renderCurl() {
        curl.textContent = `curl -X POST "${window.location.origin}/v1/send" \\\n`
            + '  -H "Content-Type: application/json" \\\n'
            + '  -H "x-lettermint-token: $LETTERMINT_PROJECT_TOKEN" \\\n'
            + `  -d '${JSON.stringify(payload(), null, 2).replace(/'/g, "'\\''").replace(/\n/g, '\n  ')}'`;
    }
    form.addEventListener('input', renderCurl);
    renderCurl();

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(fields, alert);
        const value = token.input.value.trim();
        if (!value) {
            token.setErrors(['Enter a project API token (it starts with lm_).']);
            token.input.focus();
            return;
        }
        if (value.startsWith('lm_team_')) {
            token.setErrors(['This is a team API token. The Sending API takes a project API token (lm_…).']);
            token.input.focus();
            return;
        }
        await busy(submit, 'Sending…', async () => {
            const response = await sendWithProjectToken(value, payload());
            const ok = response.status >= 200 && response.status < 300;
            const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body, null, 2);
            replace(result,
                h('p', { class: 'result-status' },
                    h('span', { class: `badge ${ok ? 'badge-active' : 'badge-revoked'}`, 'data-testid': 'pg-status' },
                        response.status === 0 ? 'Network error' : `${response.status} ${response.statusText || ''}`.trim()),
                    ok ? ' The message was accepted for delivery.' : ' The request was refused.'),
                h('pre', { class: 'code', 'data-testid': 'pg-body', tabindex: '0', 'aria-label': 'Response body' }, body));
            if (!ok && response.body && typeof response.body === 'object') {
                // errors name API fields (from, to.0, subject, text); the token field gets 401/403 messages
                const error = { message: null, errors: response.body.errors || {} };
                if (response.status === 401 || response.status === 403) {
                    error.errors = { token: [response.body.message || 'The token was refused.'] };
                }
                showApiErrors(error, fields, alert);
            }
        });
    });

    const node = h('section', {}, crumbs, heading, projectNav(projectId, 'playground'),
        h('p', { class: 'lead' },
            'Send a test email with a project API token: the request below goes to ', h('code', {}, 'POST /v1/send'),
            ' exactly as your integration would send it.'),
        h('div', { class: 'playground' },
            form,
            h('div', { class: 'playground-side' },
                h('h2', {}, 'Response'),
                result,
                h('h2', {}, 'The same request with cURL'),
                curl)));
    loadProjectHeader(projectId, heading, crumbs, [['Try the send endpoint', projectHref(projectId, '/playground')]])
        .catch(() => {});
    return { title: 'Try the send endpoint', node };
}
