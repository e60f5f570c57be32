// Messages (#/messages): the team's messages newest first (GET /v1/messages) with filters and cursor pages, and the
// usage panel (GET /v1/stats) for the same project, route and date range. A row opens the message (message.js).
import { api, teamApi } from '../api.js';
import { announce, field, formAlert, h, replace, uid } from '../dom.js';
import { clearErrors, showApiErrors } from '../forms.js';
import { timeCell } from '../time.js';
import { errorBox, loading } from './common.js';
import { statusBadge } from './message.js';

const PAGE_SIZE = 25;
const STATUSES = ['scheduled', 'pending', 'queued', 'processed', 'delivered', 'opened', 'clicked', 'soft_bounced',
    'hard_bounced', 'spam_complaint', 'suppressed', 'failed', 'blocked', 'policy_rejected', 'unsubscribed',
    'canceled'];

// the filters outlive a visit to one message: Back returns to the same list
const state = { filters: {}, cursors: [undefined], page: 0 };

function select(label, name, options, testid) {
    const id = uid(name);
    const input = h('select', { id, name, 'data-testid': testid },
        options.map(([value, text]) => h('option', { value }, text)));
    const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    input.setAttribute('aria-describedby', error.id);
    return { wrap: h('div', { class: 'field' }, h('label', { for: id }, label), input, error), input,
        setErrors: (list) => { error.hidden = !list.length; error.textContent = list.join(' '); } };
}

export function messagesView() {
    const status = select('Status', 'status', [['', 'Any status'], ...STATUSES.map((s) => [s, s.replace('_', ' ')])],
        'filter-status');
    const project = select('Project', 'project', [['', 'All projects']], 'filter-project');
    const route = select('Route', 'route', [['', 'All routes']], 'filter-route');
    route.input.disabled = true;
    const tag = field({ label: 'Tag', name: 'tag', attrs: { 'data-testid': 'filter-tag' } });
    const from = field({ label: 'From', name: 'from_email', hint: 'Sender address contains.',
        attrs: { 'data-testid': 'filter-from' } });
    const to = field({ label: 'To or subject', name: 'search', hint: 'Recipient, sender or subject contains.',
        attrs: { 'data-testid': 'filter-search' } });
    const fromDate = field({ label: 'Sent on or after', name: 'from_date', type: 'date',
        attrs: { 'data-testid': 'filter-from-date' } });
    const toDate = field({ label: 'Sent on or before', name: 'to_date', type: 'date',
        attrs: { 'data-testid': 'filter-to-date' } });
    const inputs = { status, project, route_id: route, tag, from_email: from, search: to, from_date: fromDate,
        to_date: toDate };
    const errorFields = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`filter.${k}`, v]));
    errorFields['filter.project'] = project;
    for (const [key, f] of Object.entries(inputs)) {
        f.input.value = state.filters[key] || '';
    }
    const alert = formAlert();
    const apply = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'apply-filters' }, 'Apply');
    const reset = h('button', { type: 'reset', class: 'btn btn-secondary', 'data-testid': 'reset-filters' }, 'Clear');
    const form = h('form', { class: 'card filters-grid', role: 'search', 'aria-label': 'Filter messages',
        novalidate: true }, Object.values(inputs).map((f) => f.wrap), alert.el, h('div', { class: 'button-row' },
        apply, reset));
    const usage = h('section', { class: 'card', 'data-testid': 'usage', 'aria-labelledby': 'usage-title' });
    const list = h('div', { 'data-testid': 'messages' }, loading());
    const count = h('p', { class: 'muted small', role: 'status', 'data-testid': 'messages-status' });
    const newer = h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'messages-newer' },
        'Newer');
    const older = h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'messages-older' },
        'Older');
    const node = h('section', {}, h('h1', {}, 'Messages'),
        h('p', { class: 'lead' }, 'Every message your projects sent, newest first. Open one to see its timeline, '
            + 'opens and clicks, and its content.'),
        usage, h('h2', { class: 'section-title' }, 'Filter'), form, count, list,
        h('nav', { class: 'pager', 'aria-label': 'Message pages' }, newer, older));

    async function loadRoutes() {
        route.input.disabled = !project.input.value;
        replace(route.input, h('option', { value: '' }, 'All routes'));
        if (!project.input.value) {
            return;
        }
        const page = await api.listRoutes(project.input.value).catch(() => ({ data: [] }));
        for (const r of page.data || []) {
            route.input.appendChild(h('option', { value: r.id }, `${r.name} (${r.slug})`));
        }
        route.input.value = state.filters.route_id || '';
    }
    project.input.addEventListener('change', () => { state.filters.route_id = ''; loadRoutes(); });
    api.listProjects(undefined, 100).then(async (page) => {
        for (const p of page.data || []) {
            project.input.appendChild(h('option', { value: p.id }, p.name));
        }
        project.input.value = state.filters.project || '';
        await loadRoutes();
    }).catch(() => {});

    let loads = 0;
    async function load() {
        const mine = ++loads;
        newer.disabled = true;
        older.disabled = true;
        replace(list, loading());
        const query = { 'page[size]': PAGE_SIZE, 'page[cursor]': state.cursors[state.page] };
        for (const [key, value] of Object.entries(state.filters)) {
            query[`filter[${key}]`] = value;
        }
        try {
            const page = await teamApi('GET', '/v1/messages', { query });
            if (mine !== loads) {
                return;
            }
            const next = page.meta && page.meta.next_cursor;
            state.cursors[state.page + 1] = next || undefined;
            newer.disabled = state.page === 0;
            older.disabled = !next;
            replace(list, table(page.data || []));
            count.textContent = `Page ${state.page + 1}: ${(page.data || []).length} message(s)`
                + (next ? ', more are older.' : '.');
        } catch (error) {
            replace(list, errorBox(error));
            const first = showApiErrors(error, errorFields, alert);
            if (first) {
                first.focus();
            }
        }
    }
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        clearErrors(errorFields, alert);
        state.filters = {};
        for (const [key, f] of Object.entries(inputs)) {
            if (f.input.value.trim()) {
                state.filters[key] = f.input.value.trim();
            }
        }
        state.cursors = [undefined];
        state.page = 0;
        load();
        usagePanel(usage);
    });
    form.addEventListener('reset', () => {
        window.setTimeout(() => form.requestSubmit(), 0);
        route.input.disabled = true;
    });
    newer.addEventListener('click', () => { state.page = Math.max(0, state.page - 1); load().then(() => announce(
        `Page ${state.page + 1}`)); });
    older.addEventListener('click', () => { state.page += 1; load().then(() => announce(`Page ${state.page + 1}`)); });
    load();
    usagePanel(usage);
    return { title: 'Messages', node };
}

function table(messages) {
    if (messages.length === 0) {
        return h('p', { class: 'muted card', 'data-testid': 'messages-empty' }, 'No message matches.');
    }
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table responsive' },
        h('caption', { class: 'visually-hidden' }, 'Messages, newest first'),
        h('thead', {}, h('tr', {}, ['Subject', 'To', 'From', 'Status', 'Tag', 'Sent']
            .map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, messages.map((m) => h('tr', { 'data-testid': 'message-row', 'data-message-id': m.id },
            h('th', { scope: 'row', 'data-label': 'Subject', class: 'wrap' },
                h('a', { href: `#/messages/${encodeURIComponent(m.id)}`, 'data-testid': 'message-link' },
                    m.subject || '(no subject)')),
            h('td', { 'data-label': 'To', class: 'wrap' }, (m.to || []).map((r) => r.email).join(', ')),
            h('td', { 'data-label': 'From', class: 'wrap' }, m.from_email),
            h('td', { 'data-label': 'Status' }, statusBadge(m.status)),
            h('td', { 'data-label': 'Tag' }, m.tag || h('span', { class: 'muted' }, '—')),
            h('td', { 'data-label': 'Sent' }, timeCell(m.created_at, '—')))))));
}

/** Totals of GET /v1/stats for the filters' project, route and days (the last 30 days without dates). */
function usagePanel(card) {
    const day = (d) => d.toISOString().slice(0, 10);
    const f = state.filters;
    const to = f.to_date || day(new Date());
    const from = f.from_date || day(new Date(Date.parse(to) - 29 * 24 * 3600 * 1000));
    const title = h('h2', { id: 'usage-title' }, `Usage ${from} to ${to}`);
    replace(card, title, loading());
    teamApi('GET', '/v1/stats', { query: { from, to, project_id: f.project, route_id: f.route_id } })
        .then((stats) => {
            const t = stats.totals || {};
            const rows = [['Sent', t.sent, 'sent'], ['Delivered', t.delivered, 'delivered'],
                ['Hard bounced', t.hard_bounced, 'hard-bounced'], ['Spam complaints', t.spam_complaints, 'complaints'],
                ['Opened', t.opened, 'opened'], ['Effective opens', t.effective_opened, 'effective-opened'],
                ['Clicked', t.clicked, 'clicked']];
            replace(card, title, h('dl', { class: 'details' }, rows.map(([term, value, id]) => h('div', {},
                h('dt', {}, term), h('dd', { 'data-testid': `usage-${id}` }, String(value ?? 0))))));
        })
        .catch((error) => replace(card, title, h('p', { class: 'muted', 'data-testid': 'usage-error' },
            `Not available: ${error.message}`)));
}
