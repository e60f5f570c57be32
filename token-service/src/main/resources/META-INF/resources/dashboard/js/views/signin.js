// Sign-in with a team API token (lm_team_…) or an SSO JWT, checked against GET /v1/projects.
import { ApiError, session, teamApi } from '../api.js';
import { field, formAlert, h } from '../dom.js';
import { busy } from '../forms.js';
import { checkSignInCredential } from '../token-format.js';

export function signInView({ notice, onSignedIn }) {
    const credential = field({
        label: 'Team API token or SSO token',
        name: 'credential',
        type: 'password',
        required: true,
        hint: 'Team API tokens start with lm_team_. It is kept in this browser tab only and forgotten when you sign out or close the tab.',
        attrs: { autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', 'data-testid': 'signin-token' },
    });
    const alert = formAlert();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'signin-submit' }, 'Sign in');
    const form = h('form', { class: 'card form', novalidate: true }, credential.wrap, alert.el, submit);

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        alert.clear();
        const check = checkSignInCredential(credential.input.value);
        if (check.error) {
            credential.setErrors([check.error]);
            credential.input.focus();
            return;
        }
        credential.setErrors([]);
        await busy(submit, 'Signing in…', async () => {
            try {
                await teamApi('GET', '/v1/projects', { query: { per_page: 1 }, credential: check.value });
            } catch (error) {
                const message = error instanceof ApiError ? error.message : 'Sign-in failed.';
                alert.show(error.status === 401 || error.status === 403
                    ? `Sign-in refused: ${message}` : message);
                credential.input.focus();
                return;
            }
            session.set(check.value);
            credential.input.value = '';
            onSignedIn();
        });
    });

    const node = h('section', { class: 'signin' },
        h('h1', {}, 'Sign in to the dashboard'),
        h('p', { class: 'lead' },
            'Manage your projects and their API tokens. Sign in with a team API token or a token from your single sign-on provider.'),
        notice ? h('div', { class: 'alert alert-info', role: 'status' }, notice) : null,
        form);
    return {
        title: 'Sign in',
        node,
        keepFocus: true,
        ready: () => credential.input.focus(),
    };
}
