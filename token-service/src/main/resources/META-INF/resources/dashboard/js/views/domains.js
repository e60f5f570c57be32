// Domains: the team's sending domains. The list with "Add domain"; a domain's page with the DNS records to
// publish (each with copy buttons), "Verify now", the status of each record, the projects allowed to send
// from it and DKIM key rotation.
import { ApiError, teamApi } from '../api.js';
import { announce, copyText, field, formAlert, h, replace, uid } from '../dom.js';
import { busy, clearErrors, showApiErrors } from '../forms.js';
import { timeCell } from '../time.js';
import { breadcrumbs, errorBox, loading } from './common.js';

const seg = encodeURIComponent;
const domainsApi = {
    list: (query) => teamApi('GET', '/v1/domains', { query: { 'page[size]': 100, ...query } }),
    create: (domain) => teamApi('POST', '/v1/domains', { body: { domain } }),
    get: (id) => teamApi('GET', `/v1/domains/${seg(id)}`),
    verify: (id) => teamApi('POST', `/v1/domains/${seg(id)}/dns-records/verify`),
    projects: (id, projectIds) =>
        teamApi('PUT', `/v1/domains/${seg(id)}/projects`, { body: { project_ids: projectIds } }),
    rotate: (id) => teamApi('POST', `/v1/domains/${seg(id)}/dkim/rotate`),
    allProjects: () => teamApi('GET', '/v1/projects', { query: { per_page: 100 } }),
};

const STATUS = {
    verified: ['Verified', 'active'], partially_verified: ['Partially verified', 'expired'],
    pending_verification: ['Pending verification', 'neutral'], failed_verification: ['Verification failed', 'revoked'],
    active: ['Found', 'active'], pending: ['Not checked yet', 'neutral'], failed: ['Missing or wrong', 'revoked'],
};

function badge(status, testid) {
    const [label, kind] = STATUS[status] || [status, 'neutral'];
    return h('span', { class: `badge badge-${kind}`, 'data-testid': testid, 'data-status': status }, label);
}

export function domainsView() {
    const content = h('div', {}, loading());
    const domainField = field({ label: 'Domain you send from', name: 'domain', required: true,
        hint: 'For example example.com. We make its DKIM keys and the DNS records to publish.',
        attrs: { autocomplete: 'off', maxlength: 253, 'data-testid': 'domain-input' } });
    const input = domainField.input;
    const alert = formAlert();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'add-domain' }, 'Add domain');
    const form = h('form', { class: 'card form', novalidate: true }, domainField.wrap, alert.el, submit);
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors({ domain: domainField }, alert);
        await busy(submit, 'Adding…', async () => {
            try {
                const created = await domainsApi.create(input.value.trim());
                announce(`Domain ${created.domain} added. Publish its DNS records next.`);
                window.location.hash = `/domains/${seg(created.id)}`;
            } catch (error) {
                (showApiErrors(error, { domain: domainField }, alert) || input).focus();
            }
        });
    });
    const node = h('section', {},
        h('h1', {}, 'Domains'),
        h('p', { class: 'lead' }, 'Mail is signed with DKIM and accepted from a domain once its DNS records are '
            + 'verified and the project is attached to it.'),
        form, h('h2', { class: 'section-title' }, 'Your domains'), content);
    domainsApi.list({ sort: 'domain' }).then((page) => replace(content, domainTable(page.data || [])))
        .catch((error) => replace(content, errorBox(error)));
    return { title: 'Domains', node };
}

function domainTable(domains) {
    if (domains.length === 0) {
        return h('p', { class: 'muted', 'data-testid': 'domains-empty' }, 'No domain yet: add the one you send from.');
    }
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table responsive' },
        h('caption', { class: 'visually-hidden' }, 'Domains'),
        h('thead', {}, h('tr', {}, ['Domain', 'Status', 'Added'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, domains.map((d) => h('tr', { 'data-testid': 'domain-row' },
            h('th', { scope: 'row', 'data-label': 'Domain' },
                h('a', { href: `#/domains/${seg(d.id)}`, 'data-testid': 'domain-link' }, d.domain)),
            h('td', { 'data-label': 'Status' }, badge(d.status, 'domain-status')),
            h('td', { 'data-label': 'Added' }, timeCell(d.created_at)))))));
}

export function domainView(id) {
    const heading = h('h1', {}, 'Domain');
    const crumbs = h('div', {});
    const content = h('div', {}, loading());
    const node = h('section', {}, crumbs, heading, content);
    async function load(message) {
        try {
            const domain = await domainsApi.get(id);
            const listed = await domainsApi.list({ 'filter[domain]': domain.domain });
            const status = ((listed.data || []).find((d) => d.id === id) || {}).status;
            heading.textContent = domain.domain;
            replace(crumbs, breadcrumbs([['Domains', '#/domains'], [domain.domain, `#/domains/${seg(id)}`]]));
            replace(content, ...domainDetails(domain, status, load, message));
        } catch (error) {
            if (error.status === 404) {
                heading.textContent = 'Domain not found';
            }
            replace(content, errorBox(error));
        }
    }
    load(null);
    return { title: 'Domain', node };
}

function domainDetails(domain, status, reload, message) {
    const verify = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'verify-now' }, 'Verify now');
    verify.addEventListener('click', () => busy(verify, 'Checking the DNS…', async () => {
        try {
            const result = await domainsApi.verify(domain.id);
            await reload({ kind: 'info', text: result.message });
        } catch (error) {
            const text = error instanceof ApiError && error.body && error.body.failed_count
                ? `${error.body.failed_count} required record(s) not found as shown yet. `
                    + 'Publish them, then verify again.'
                : error.message;
            await reload({ kind: 'warning', text });
        }
    }));
    const rotate = h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'rotate-keys',
        disabled: domain.rotation_ready ? null : true }, 'Rotate DKIM keys');
    rotate.addEventListener('click', () => busy(rotate, 'Rotating…', async () => {
        try {
            await domainsApi.rotate(domain.id);
            await reload({ kind: 'info', text: 'DKIM keys rotated: publish the new standby record.' });
        } catch (error) {
            await reload({ kind: 'warning', text: error.message });
        }
    }));
    const notice = message ? h('div', { class: `alert alert-${message.kind}`, role: 'status',
        'data-testid': 'verify-result' }, message.text) : null;
    return [
        h('div', { class: 'page-head' },
            h('p', { class: 'lead' }, 'Status: ', badge(status, 'domain-status'),
                ' Add these records at your DNS provider, then verify.'),
            h('div', { class: 'button-row' }, verify, rotate)),
        notice,
        recordsTable(domain.dns_records || []),
        projectsCard(domain),
    ];
}

function copyButton(text, what) {
    const button = h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-testid': 'copy',
        'aria-label': `Copy ${what}` }, 'Copy');
    button.addEventListener('click', async () => {
        const ok = await copyText(text, null);
        announce(ok ? `${what} copied to the clipboard.` : 'Copy failed: select the text and copy it by hand.');
        button.textContent = ok ? 'Copied' : 'Copy failed';
    });
    return button;
}

function recordsTable(records) {
    const scope = { required: 'Required', recommended: 'Recommended', deprecated: 'Old key, keep for now' };
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table responsive records' },
        h('caption', { class: 'visually-hidden' }, 'DNS records'),
        h('thead', {}, h('tr', {}, ['Type', 'Name', 'Value', 'Needed', 'Status', 'Last checked']
            .map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, records.map((r) => h('tr', { 'data-testid': 'dns-record', 'data-purpose': r.purpose },
            h('td', { 'data-label': 'Type' }, h('span', { class: 'mono' }, r.type)),
            h('td', { 'data-label': 'Name' }, h('code', { class: 'record-name' }, r.hostname), ' ',
                copyButton(r.hostname, `${r.type} name`)),
            h('td', { 'data-label': 'Value' }, h('code', { class: 'record-value', 'data-testid': 'record-content' },
                r.content), ' ', copyButton(r.content, `${r.type} value`)),
            h('td', { 'data-label': 'Needed' }, scope[r.verification_scope] || r.verification_scope),
            h('td', { 'data-label': 'Status' }, badge(r.status, 'record-status')),
            h('td', { 'data-label': 'Last checked' }, timeCell(r.last_checked_at, 'Not yet')))))));
}

function projectsCard(domain) {
    const list = h('div', {}, loading());
    const alert = formAlert();
    const saved = h('p', { class: 'muted', role: 'status', 'data-testid': 'projects-saved' });
    const save = h('button', { type: 'submit', class: 'btn btn-secondary', 'data-testid': 'save-projects' },
        'Save projects');
    const form = h('form', { class: 'card' }, h('h2', {}, 'Projects that send from this domain'), list, alert.el,
        save, saved);
    const attached = new Set((domain.projects || []).map((p) => p.id));
    domainsApi.allProjects().then((page) => replace(list, ...(page.data || []).map((p) => {
        const id = uid('project');
        return h('div', { class: 'field inline' },
            h('input', { type: 'checkbox', id, value: p.id, checked: attached.has(p.id) ? true : null,
                'data-testid': 'project-checkbox' }),
            h('label', { for: id }, p.name));
    }))).catch((error) => replace(list, errorBox(error)));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        alert.clear();
        saved.textContent = '';
        const ids = [...form.querySelectorAll('input[type=checkbox]:checked')].map((c) => c.value);
        await busy(save, 'Saving…', async () => {
            try {
                await domainsApi.projects(domain.id, ids);
                saved.textContent = ids.length ? `Saved: ${ids.length} project(s) may send from ${domain.domain}.`
                    : 'Saved: no project may send from this domain.';
            } catch (error) {
                showApiErrors(error, {}, alert);
            }
        });
    });
    return form;
}
