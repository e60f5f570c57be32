// Trusted workloads on the project page (docs/keyless.md): CI jobs and pods that trade their OIDC identity
// token for a short-lived project token. Templates fill the form; the list shows last use; Remove stops new mints.
import { api } from '../api.js';
import { announce, field, formAlert, h, replace } from '../dom.js';
import { busy, clearErrors, showApiErrors } from '../forms.js';
import { timeCell } from '../time.js';
import { errorBox, loading } from './common.js';

const TEMPLATES = {
    github: { label: 'GitHub Actions', name: 'GitHub Actions deploy', issuer: 'https://token.actions.githubusercontent.com',
        conditions: 'repository=acme/shop\nref=refs/heads/main' },
    gitlab: { label: 'GitLab CI', name: 'GitLab CI deploy', issuer: 'https://gitlab.com',
        conditions: 'project_path=acme/shop\nref=main' },
    kubernetes: { label: 'Kubernetes service account', name: 'Kubernetes mailer', issuer: 'https://kubernetes.default.svc',
        conditions: 'sub=system:serviceaccount:shop:mailer' },
    generic: { label: 'Generic OIDC', name: 'Workload', issuer: 'https://', conditions: 'sub=' },
};

export function workloadsSection(projectId) {
    const list = h('div', { 'data-testid': 'workload-list' }, loading());
    const section = h('section', { class: 'card', 'data-testid': 'trusted-workloads', 'aria-labelledby': 'tw-heading' },
        h('h2', { id: 'tw-heading' }, 'Trusted workloads'),
        h('p', { class: 'muted' }, 'CI jobs and pods send without a stored token: they exchange their platform\'s '
            + 'OIDC identity token at POST /v1/oidc/token for a project token that expires within the hour.'),
        list, addForm(projectId, () => reload('Trusted workload added.')));

    async function reload(message) {
        try {
            const page = await api.listWorkloads(projectId);
            replace(list, table(page.data || [], projectId, reload));
            if (message) {
                announce(message);
            }
        } catch (error) {
            replace(list, errorBox(error));
        }
    }
    reload();
    return section;
}

function table(workloads, projectId, reload) {
    if (workloads.length === 0) {
        return h('p', { class: 'muted', 'data-testid': 'workloads-empty' }, 'No trusted workload yet.');
    }
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table responsive' },
        h('caption', { class: 'visually-hidden' }, 'Trusted workloads'),
        h('thead', {}, h('tr', {}, ['Name', 'Issuer', 'Conditions', 'Token lifetime', 'Last used', 'Actions']
            .map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, workloads.map((w) => {
            const remove = h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'workload-remove',
                'aria-label': `Remove ${w.name}` }, 'Remove');
            remove.addEventListener('click', () => busy(remove, 'Removing…', async () => {
                try {
                    await api.deleteWorkload(projectId, w.id);
                    await reload(`${w.name} removed: it mints no new tokens.`);
                } catch (error) {
                    announce(error.message);
                }
            }));
            return h('tr', { 'data-testid': 'workload-row', 'data-workload-id': w.id },
                h('th', { scope: 'row', 'data-label': 'Name' }, w.name),
                h('td', { 'data-label': 'Issuer' }, h('span', { class: 'mono' }, w.issuer), ' ',
                    h('span', { class: 'small muted' }, `aud ${w.audience}`)),
                h('td', { 'data-label': 'Conditions' }, Object.entries(w.conditions || {})
                    .map(([k, v]) => h('code', { class: 'condition' }, `${k}=${v}`, ' '))),
                h('td', { 'data-label': 'Token lifetime' }, `${Math.round(w.token_ttl_seconds / 60)} min`),
                h('td', { 'data-label': 'Last used', 'data-testid': 'workload-last-used' }, timeCell(w.last_used_at),
                    w.last_subject ? h('span', { class: 'small muted mono' }, ` ${w.last_subject}`) : null),
                h('td', { class: 'actions', 'data-label': 'Actions' }, remove));
        }))));
}

function addForm(projectId, added) {
    const templateId = 'tw-template';
    const template = h('select', { id: templateId, name: 'template', 'data-testid': 'workload-template' },
        Object.entries(TEMPLATES).map(([key, t]) => h('option', { value: key }, t.label)));
    const name = field({ label: 'Name', name: 'name', required: true, attrs: { 'data-testid': 'workload-name' } });
    const issuer = field({ label: 'Issuer', name: 'issuer', required: true, type: 'url',
        hint: 'The exact issuer URL; it must be on this platform\'s list of trusted issuers.',
        attrs: { 'data-testid': 'workload-issuer' } });
    const audience = field({ label: 'Audience', name: 'audience', required: true, value: 'mintpost',
        hint: 'The aud the workload requests its identity token for.', attrs: { 'data-testid': 'workload-audience' } });
    const conditions = field({ label: 'Conditions', name: 'conditions', required: true, multiline: true,
        hint: 'One claim=value per line; * matches any run of characters. Pin sub, repository or project_path.',
        attrs: { 'data-testid': 'workload-conditions' } });
    const ttl = field({ label: 'Token lifetime (seconds)', name: 'token_ttl_seconds', type: 'number', value: '900',
        hint: '60 to 3600.', attrs: { min: '60', max: '3600', 'data-testid': 'workload-ttl' } });
    const alert = formAlert();
    const fields = { name, issuer, audience, conditions, token_ttl_seconds: ttl };
    function apply() {
        const t = TEMPLATES[template.value];
        name.input.value = t.name;
        issuer.input.value = t.issuer;
        conditions.input.value = t.conditions;
    }
    template.addEventListener('change', apply);
    apply();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'workload-add' },
        'Add trusted workload');
    const form = h('form', { novalidate: true, 'data-testid': 'workload-form' }, alert.el,
        h('div', { class: 'field' }, h('label', { for: templateId }, 'Template'), template),
        name.wrap, issuer.wrap, audience.wrap, conditions.wrap, ttl.wrap, h('div', { class: 'button-row' }, submit));
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        clearErrors(fields, alert);
        const body = { name: name.input.value, issuer: issuer.input.value, audience: audience.input.value,
            conditions: parseConditions(conditions.input.value),
            token_ttl_seconds: ttl.input.value === '' ? null : Number(ttl.input.value) };
        busy(submit, 'Adding…', async () => {
            try {
                await api.createWorkload(projectId, body);
                await added();
            } catch (error) {
                const first = showApiErrors(error, fields, alert);
                (first || submit).focus();
            }
        });
    });
    return h('details', { class: 'advanced', 'data-testid': 'workload-add-details' },
        h('summary', {}, 'Add a trusted workload'), form);
}

function parseConditions(text) {
    const out = {};
    for (const line of text.split('\n')) {
        const at = line.indexOf('=');
        if (at > 0) {
            out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
        }
    }
    return out;
}
