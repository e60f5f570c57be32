// API Tokens: the project's tokens (name, last changed, last used, last IP, status), Create token,
// and the per-token actions menu (Regenerate, Revoke, Logs).
import { api } from '../api.js';
import { announce, field, formAlert, h, replace, uid } from '../dom.js';
import { openDialog } from '../dialog.js';
import { busy, clearErrors, showApiErrors } from '../forms.js';
import { menuButton } from '../menu.js';
import { showSecretOnce } from '../secret-dialog.js';
import { timeCell } from '../time.js';
import { errorBox, loadProjectHeader, loading, projectHref, projectNav } from './common.js';
import { autoRevokeNote, autoRevokeWarning, inactiveBadge, inactiveFilter } from './inactive.js';

const GRACE_CHOICES = [
    [0, 'Immediately'],
    [300, 'After 5 minutes'],
    [3600, 'After 1 hour'],
    [86400, 'After 24 hours'],
    [604800, 'After 7 days'],
];

export function tokensView(projectId) {
    const heading = h('h1', {}, 'API Tokens');
    const crumbs = h('div', {});
    const list = h('div', { 'data-testid': 'token-list' }, loading());
    const createButton = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'create-token' }, 'Create token');
    const refreshButton = h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'refresh-tokens' }, 'Refresh');
    const filter = inactiveFilter(() => reload(filter.select.value ? 'Showing unused tokens.' : 'Showing all tokens.'));
    const node = h('section', {}, crumbs, heading, projectNav(projectId, 'tokens'),
        h('div', { class: 'page-head' },
            h('p', { class: 'lead' },
                'Project API tokens send email for this project. Create separate tokens for production, staging, CI and '
                + 'each integration, so you can regenerate or revoke one without interrupting the others.'),
            h('div', { class: 'button-row' }, filter.el, refreshButton, createButton)),
        list);

    async function reload(message) {
        try {
            const page = await api.listTokens(projectId, filter.select.value);
            const tokens = page.data || [];
            replace(list, autoRevokeWarning(tokens), filter.select.value && tokens.length === 0
                ? h('p', { class: 'empty card', 'data-testid': 'tokens-none-inactive' }, 'No token matches this filter.')
                : tokenTable(tokens, projectId, reload, createButton));
            if (message) {
                announce(message);
            }
        } catch (error) {
            replace(list, errorBox(error));
        }
    }

    createButton.addEventListener('click', () => openCreateToken(projectId, createButton, reload));
    refreshButton.addEventListener('click', () => busy(refreshButton, 'Refreshing…', () => reload('Token list updated.')));
    loadProjectHeader(projectId, heading, crumbs, [['API Tokens', projectHref(projectId, '/tokens')]])
        .then((project) => {
            document.title = `API Tokens · ${project.name} · mintpost dashboard`;
        })
        .catch(() => {});
    reload();
    return { title: 'API Tokens', node };
}

function statusBadge(status) {
    const label = { active: 'Active', revoked: 'Revoked', expired: 'Expired' }[status] || status;
    return h('span', { class: `badge badge-${status}`, 'data-testid': 'token-status' }, label);
}

function tokenTable(tokens, projectId, reload, createButton) {
    if (tokens.length === 0) {
        const create = h('button', { type: 'button', class: 'btn btn-primary' }, 'Create token');
        create.addEventListener('click', () => createButton.click());
        return h('div', { class: 'empty card', 'data-testid': 'tokens-empty' },
            h('h2', {}, 'No API tokens yet'),
            h('p', {}, 'Create a token for each integration or environment, such as Production API, Staging worker or Magento store.'),
            create);
    }
    // active first, then by name
    const sorted = [...tokens].sort((a, b) => (a.status === 'active' ? 0 : 1) - (b.status === 'active' ? 0 : 1)
        || a.name.localeCompare(b.name));
    const rows = sorted.map((t) => {
        const items = [];
        if (t.status === 'active') {
            items.push({ label: 'Regenerate', testId: 'action-regenerate', onSelect: (b) => openRegenerate(projectId, t, b, reload) });
            items.push({ label: 'Revoke', danger: true, testId: 'action-revoke', onSelect: (b) => openRevoke(projectId, t, b, reload) });
        }
        items.push({
            label: 'Logs',
            testId: 'action-logs',
            onSelect: () => {
                window.location.hash = `/projects/${encodeURIComponent(projectId)}/tokens/${encodeURIComponent(t.id)}/logs`;
            },
        });
        return h('tr', { 'data-testid': 'token-row', 'data-token-id': t.id, 'data-token-name': t.name,
            class: t.status === 'active' ? null : 'inactive' },
            h('th', { scope: 'row', 'data-label': 'Name' },
                h('span', { class: 'token-name' }, t.name),
                t.created_via === 'trusted_workload'
                    ? h('span', { class: 'badge badge-neutral', 'data-testid': 'token-keyless',
                        title: 'Minted for a trusted workload; it expires by itself' }, 'Trusted workload') : null,
                h('span', { class: 'token-display mono' }, t.display || '')),
        h('td', { 'data-label': 'Status' }, statusBadge(t.status), ' ', inactiveBadge(t),
            t.expires_at ? h('span', { class: 'small muted' }, ' expires ', timeCell(t.expires_at)) : null,
            autoRevokeNote(t)),
        h('td', { 'data-label': 'Last changed', 'data-testid': 'token-changed' }, timeCell(t.updated_at || t.created_at)),
        h('td', { 'data-label': 'Last used', 'data-testid': 'token-last-used' }, timeCell(t.last_used_at)),
        h('td', { 'data-label': 'Last IP', 'data-testid': 'token-last-ip' }, t.last_used_ip
            ? h('span', { class: 'mono' }, t.last_used_ip) : h('span', { class: 'muted' }, '—')),
        h('td', { class: 'actions', 'data-label': 'Actions' },
            menuButton({ label: `Actions for ${t.name}`, items, testId: 'token-actions' })));
    });
    return h('div', { class: 'table-wrap' },
        h('table', { class: 'table responsive' },
            h('caption', { class: 'visually-hidden' }, 'Project API tokens'),
            h('thead', {}, h('tr', {},
                h('th', { scope: 'col' }, 'Name'),
                h('th', { scope: 'col' }, 'Status'),
                h('th', { scope: 'col' }, 'Last changed'),
                h('th', { scope: 'col' }, 'Last used'),
                h('th', { scope: 'col' }, 'Last IP'),
                h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
            h('tbody', {}, rows)));
}

function openCreateToken(projectId, opener, reload) {
    const formId = uid('create-token-form');
    const name = field({
        label: 'Name', name: 'name', required: true,
        hint: 'A descriptive name, such as Production API, Staging worker or Magento store.',
        attrs: { maxlength: 100, autocomplete: 'off', 'data-testid': 'token-name' },
    });
    const expires = field({
        label: 'Expires at', name: 'expires_at', type: 'datetime-local',
        hint: 'In your local time. Leave empty for a token that does not expire.',
        attrs: { 'data-testid': 'token-expires' },
    });
    const ips = field({
        label: 'Allowed IP addresses', name: 'allowed_ips', multiline: true,
        hint: 'Addresses or CIDR ranges, one per line or separated by commas. Leave empty to allow any address.',
        attrs: { spellcheck: 'false', 'data-testid': 'token-ips' },
    });
    const alert = formAlert();
    const fields = { name, expires_at: expires, allowed_ips: ips };
    const form = h('form', { id: formId, novalidate: true },
        name.wrap,
        h('details', { class: 'advanced' }, h('summary', {}, 'Expiry and IP restrictions'), expires.wrap, ips.wrap),
        alert.el);
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', form: formId, 'data-testid': 'create-token-submit' },
        'Create token');
    const cancel = h('button', { type: 'button', class: 'btn btn-secondary' }, 'Cancel');
    const dialog = openDialog({ title: 'Create token', content: [form], actions: [cancel, submit], testId: 'create-dialog' });
    cancel.addEventListener('click', () => dialog.close());

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(fields, alert);
        const body = { name: name.input.value.trim() };
        if (!body.name) {
            name.setErrors(['Enter a name for the token.']);
            name.input.focus();
            return;
        }
        if (body.name.length > 100) {
            name.setErrors(['The name may be at most 100 characters.']);
            name.input.focus();
            return;
        }
        if (expires.input.value) {
            const at = new Date(expires.input.value);
            if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) {
                expires.setErrors(['Choose a time in the future.']);
                expires.input.focus();
                return;
            }
            body.expires_at = at.toISOString();
        }
        const ipList = ips.input.value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
        if (ipList.length) {
            body.allowed_ips = ipList;
        }
        await busy(submit, 'Creating…', async () => {
            try {
                const created = await api.createToken(projectId, body);
                dialog.close();
                await reload(`Token ${created.data.name} created.`);
                showSecretOnce({
                    title: 'Token created',
                    lead: `Your new project API token “${created.data.name}” is ready.`,
                    token: created.token,
                    projectId,
                    returnFocus: opener,
                });
            } catch (error) {
                const first = showApiErrors(error, fields, alert);
                if (first && first !== name.input) {
                    form.querySelector('details').open = true;
                }
                (first || name.input).focus();
            }
        });
    });
}

function openRegenerate(projectId, token, opener, reload) {
    const formId = uid('regen-form');
    const selectId = uid('grace');
    const hintId = uid('grace-hint');
    const select = h('select', { id: selectId, name: 'expire_previous_in', 'aria-describedby': hintId, 'data-testid': 'grace' },
        GRACE_CHOICES.map(([seconds, label]) => h('option', { value: String(seconds) }, label)));
    const consequence = h('p', { class: 'alert alert-warning', 'data-testid': 'regenerate-consequence' });
    function explain() {
        const seconds = Number(select.value);
        consequence.textContent = seconds === 0
            ? 'The old token stops working immediately. Every integration that uses it must be updated with the new token.'
            : `The old token keeps working for ${GRACE_CHOICES.find(([s]) => s === seconds)[1].replace('After ', '')}, `
                + 'then stops. Update your integrations before then.';
    }
    select.addEventListener('change', explain);
    explain();
    const alert = formAlert();
    const form = h('form', { id: formId, novalidate: true },
        h('p', {}, 'A new secret is issued for this token. It keeps its name and its logs.'),
        consequence,
        h('div', { class: 'field' },
            h('label', { for: selectId }, 'Old token stops working'),
            h('p', { class: 'hint', id: hintId }, 'An optional grace period lets you roll out the new token first.'),
            select),
        alert.el);
    const submit = h('button', { type: 'submit', class: 'btn btn-danger', form: formId, 'data-testid': 'regenerate-confirm' },
        'Regenerate token');
    const cancel = h('button', { type: 'button', class: 'btn btn-secondary' }, 'Cancel');
    const dialog = openDialog({
        title: `Regenerate “${token.name}”?`,
        content: [form],
        actions: [cancel, submit],
        initialFocus: cancel,
        returnFocus: opener,
        testId: 'regenerate-dialog',
    });
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        alert.clear();
        const seconds = Number(select.value);
        await busy(submit, 'Regenerating…', async () => {
            try {
                const result = await api.regenerateToken(projectId, token.id, seconds > 0 ? { expire_previous_in: seconds } : {});
                dialog.close();
                await reload(`Token ${token.name} regenerated.`);
                showSecretOnce({
                    title: 'Token regenerated',
                    lead: seconds > 0
                        ? `“${result.data.name}” has a new secret. The old one stops working ${GRACE_CHOICES.find(([s]) => s === seconds)[1].toLowerCase()}.`
                        : `“${result.data.name}” has a new secret. The old one no longer works.`,
                    token: result.token,
                    projectId,
                    returnFocus: document.querySelector(`tr[data-token-id="${CSS.escape(token.id)}"] .menu-button`) || opener,
                });
            } catch (error) {
                alert.show(error.message);
            }
        });
    });
}

function openRevoke(projectId, token, opener, reload) {
    const alert = formAlert();
    const submit = h('button', { type: 'button', class: 'btn btn-danger', 'data-testid': 'revoke-confirm' }, 'Revoke token');
    const cancel = h('button', { type: 'button', class: 'btn btn-secondary' }, 'Cancel');
    const dialog = openDialog({
        title: `Revoke “${token.name}”?`,
        content: [
            h('p', { class: 'alert alert-warning' },
                'The token stops working immediately, for the Sending API and the SMTP relay. This cannot be undone.'),
            h('p', {}, 'Its logs stay available. Create a new token if you need one again.'),
            alert.el,
        ],
        actions: [cancel, submit],
        initialFocus: cancel,
        returnFocus: opener,
        testId: 'revoke-dialog',
    });
    cancel.addEventListener('click', () => dialog.close());
    submit.addEventListener('click', () => busy(submit, 'Revoking…', async () => {
        try {
            await api.revokeToken(projectId, token.id);
            dialog.close();
            await reload(`Token ${token.name} revoked.`);
            const row = document.querySelector(`tr[data-token-id="${CSS.escape(token.id)}"] .menu-button`);
            if (row) {
                row.focus();
            }
        } catch (error) {
            alert.show(error.message);
        }
    }));
}
