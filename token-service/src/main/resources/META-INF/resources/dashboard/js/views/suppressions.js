// Suppressions: the team's suppression list. Search by value, add addresses (one per line; @domain and .extension
// too) at team or project scope, see each entry's reason and the message a bounce or complaint came from, remove.
import { teamApi } from '../api.js';
import { announce, field, formAlert, h, replace } from '../dom.js';
import { busy, clearErrors, showApiErrors } from '../forms.js';
import { timeCell } from '../time.js';
import { errorBox, loading } from './common.js';

const seg = encodeURIComponent;
const suppressionsApi = {
    list: (query) => teamApi('GET', '/v1/suppressions', { query: { 'page[size]': 100, ...query } }),
    create: (body) => teamApi('POST', '/v1/suppressions', { body }),
    remove: (id) => teamApi('DELETE', `/v1/suppressions/${seg(id)}`),
    projects: () => teamApi('GET', '/v1/projects', { query: { per_page: 100 } }),
};

const REASONS = { hard_bounce: 'Hard bounce', spam_complaint: 'Spam complaint', unsubscribe: 'Unsubscribed',
    manual: 'Added by hand' };

function select(label, name, options, testid) {
    const id = `${name}-select`;
    const el = h('select', { id, name, 'data-testid': testid },
        options.map(([value, text]) => h('option', { value }, text)));
    return { wrap: h('div', { class: 'field' }, h('label', { for: id }, label), el), input: el, setErrors: () => {} };
}

export function suppressionsView() {
    const content = h('div', {}, loading());
    const emails = field({ label: 'Addresses to suppress', name: 'emails', required: true, multiline: true,
        hint: 'One per line: user@example.com, @example.com (the whole domain) or .example (an extension).',
        attrs: { 'data-testid': 'suppression-input' } });
    const scope = select('Applies to', 'scope', [['team', 'Every project'], ['project', 'One project']],
        'suppression-scope');
    const project = select('Project', 'project_id', [], 'suppression-project');
    project.wrap.hidden = true;
    scope.input.addEventListener('change', () => { project.wrap.hidden = scope.input.value !== 'project'; });
    suppressionsApi.projects().then((page) => replace(project.input,
        ...(page.data || []).map((p) => h('option', { value: p.id }, p.name)))).catch(() => {});
    const alert = formAlert();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'add-suppression' },
        'Add to the list');
    const form = h('form', { class: 'card form', novalidate: true }, emails.wrap, scope.wrap, project.wrap, alert.el,
        submit);
    const search = h('input', { type: 'search', id: 'suppression-search', 'data-testid': 'suppression-search',
        placeholder: 'Search addresses' });
    const searchForm = h('form', { class: 'field', role: 'search' },
        h('label', { for: 'suppression-search' }, 'Search'), search);
    const fields = { emails, project_id: project };
    let loads = 0;
    async function load() {
        const mine = ++loads;
        try {
            const query = search.value.trim() ? { 'filter[value]': search.value.trim() } : {};
            const page = await suppressionsApi.list(query);
            if (mine !== loads) {
                return; // a later search answers instead
            }
            replace(content, table(page.data || [], load));
        } catch (error) {
            replace(content, errorBox(error));
        }
    }
    searchForm.addEventListener('submit', (event) => { event.preventDefault(); load(); });
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(fields, alert);
        await busy(submit, 'Adding…', async () => {
            const list = emails.input.value.split(/[\n,]/).map((v) => v.trim()).filter(Boolean);
            const body = { emails: list, reason: 'manual', scope: scope.input.value };
            if (scope.input.value === 'project') {
                body.project_id = project.input.value;
            }
            try {
                const result = await suppressionsApi.create(body);
                announce(result.message);
                alert.show('');
                emails.input.value = '';
                await load();
            } catch (error) {
                (showApiErrors(error, fields, alert) || emails.input).focus();
            }
        });
    });
    const node = h('section', {},
        h('h1', {}, 'Suppressions'),
        h('p', { class: 'lead' }, 'Mail is never sent to these recipients. Hard bounces and spam complaints are '
            + 'added on their own; remove an entry once the address can be mailed again.'),
        form, h('h2', { class: 'section-title' }, 'Suppressed recipients'), searchForm, content);
    load();
    return { title: 'Suppressions', node };
}

function table(entries, reload) {
    if (entries.length === 0) {
        return h('p', { class: 'muted', 'data-testid': 'suppressions-empty' }, 'No suppressed recipient.');
    }
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table responsive' },
        h('caption', { class: 'visually-hidden' }, 'Suppressed recipients'),
        h('thead', {}, h('tr', {}, ['Recipient', 'Reason', 'Applies to', 'Source message', 'Added', 'Actions']
            .map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, entries.map((s) => row(s, reload)))));
}

function row(s, reload) {
    const remove = h('button', { type: 'button', class: 'btn btn-ghost', 'data-testid': 'remove-suppression',
        'aria-label': `Remove ${s.value}` }, 'Remove');
    remove.addEventListener('click', () => busy(remove, 'Removing…', async () => {
        await suppressionsApi.remove(s.id);
        announce(`${s.value} removed from the suppression list.`);
        await reload();
    }));
    const source = s.source_message
        ? h('span', { 'data-testid': 'suppression-source' }, s.source_message.subject || s.source_message.id)
        : h('span', { class: 'muted' }, '—');
    return h('tr', { 'data-testid': 'suppression-row', 'data-value': s.value },
        h('th', { scope: 'row', 'data-label': 'Recipient' }, s.value,
            s.type === 'email' ? null : h('span', { class: 'muted' }, ` (${s.type})`)),
        h('td', { 'data-label': 'Reason', 'data-testid': 'suppression-reason', 'data-reason': s.reason },
            REASONS[s.reason] || s.reason),
        h('td', { 'data-label': 'Applies to' }, s.scope === 'team' ? 'Every project' : `${s.scope} ${
            s.project_id || s.route_id || ''}`),
        h('td', { 'data-label': 'Source message' }, source),
        h('td', { 'data-label': 'Added' }, timeCell(s.created_at)),
        h('td', { 'data-label': 'Actions' }, remove));
}
