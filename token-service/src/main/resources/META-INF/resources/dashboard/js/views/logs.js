// Token logs: uses, refusals and lifecycle changes of one token, newest first, with paging and an
// outcome filter (GET /v1/projects/{id}/tokens/{tokenId}/logs?cursor=&limit=&outcome=).
import { api } from '../api.js';
import { announce, h, replace, uid } from '../dom.js';
import { busy } from '../forms.js';
import { timeCell } from '../time.js';
import { errorBox, loadProjectHeader, loading, projectHref, projectNav } from './common.js';

const PAGE_SIZE = 25;
const OUTCOMES = [
    ['', 'All outcomes'],
    ['accepted', 'Accepted'],
    ['refused', 'Refused'],
    ['created', 'Created'],
    ['regenerated', 'Regenerated'],
    ['revoked', 'Revoked'],
    ['expired', 'Expired'],
];
const CHANNELS = [
    ['', 'All channels'],
    ['api', 'API'],
    ['smtp', 'SMTP'],
    ['lifecycle', 'Lifecycle'],
];

export function logsView(projectId, tokenId) {
    const heading = h('h1', {}, 'Token logs');
    const crumbs = h('div', {});
    const subtitle = h('p', { class: 'lead' }, 'Every use and refusal of this token, and every change to it, newest first.');
    const filterId = uid('outcome');
    const outcome = h('select', { id: filterId, 'data-testid': 'logs-outcome' },
        OUTCOMES.map(([value, label]) => h('option', { value }, label)));
    const channelId = uid('channel');
    const channel = h('select', { id: channelId, 'data-testid': 'logs-channel' },
        CHANNELS.map(([value, label]) => h('option', { value }, label)));
    const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter logs' },
        h('div', { class: 'field inline' }, h('label', { for: filterId }, 'Outcome'), outcome),
        h('div', { class: 'field inline' }, h('label', { for: channelId }, 'Channel'), channel));
    const status = h('p', { class: 'muted small', role: 'status', 'aria-live': 'polite', 'data-testid': 'logs-status' });
    const table = h('div', { 'data-testid': 'logs' }, loading());
    const newer = h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'logs-newer' }, 'Newer');
    const older = h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'logs-older' }, 'Older');
    const refresh = h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'logs-refresh' }, 'Refresh');
    const pager = h('nav', { class: 'pager', 'aria-label': 'Log pages' }, newer, older);
    const node = h('section', {}, crumbs, heading, projectNav(projectId, 'tokens'), subtitle,
        h('div', { class: 'page-head' }, filters, refresh), status, table, pager);

    // cursors[i] is the cursor of page i (page 0 has none)
    let cursors = [undefined];
    let pageIndex = 0;
    let nextCursor = null;

    async function load() {
        replace(table, loading());
        newer.disabled = true;
        older.disabled = true;
        try {
            const page = await api.tokenLogs(projectId, tokenId,
                { cursor: cursors[pageIndex], limit: PAGE_SIZE, outcome: outcome.value || undefined,
                    channel: channel.value || undefined });
            const entries = page.data || [];
            nextCursor = page.next_cursor || null;
            replace(table, logTable(entries, Boolean(outcome.value || channel.value)));
            newer.disabled = pageIndex === 0;
            older.disabled = !nextCursor;
            status.textContent = entries.length === 0 ? ''
                : `Page ${pageIndex + 1}: ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}`
                    + `${outcome.value ? ` with outcome ${outcome.value}` : ''}`
                    + `${channel.value ? ` on channel ${channel.value}` : ''}.`;
        } catch (error) {
            replace(table, errorBox(error));
            status.textContent = '';
        }
    }

    for (const select of [outcome, channel]) {
        select.addEventListener('change', () => {
            cursors = [undefined];
            pageIndex = 0;
            load();
        });
    }
    filters.addEventListener('submit', (event) => event.preventDefault());
    older.addEventListener('click', () => {
        if (!nextCursor) {
            return;
        }
        cursors = cursors.slice(0, pageIndex + 1);
        cursors.push(nextCursor);
        pageIndex += 1;
        load().then(() => older.disabled ? newer.focus() : older.focus());
    });
    newer.addEventListener('click', () => {
        if (pageIndex === 0) {
            return;
        }
        pageIndex -= 1;
        load().then(() => newer.disabled ? older.focus() : newer.focus());
    });
    refresh.addEventListener('click', () => busy(refresh, 'Refreshing…', async () => {
        cursors = [undefined];
        pageIndex = 0;
        await load();
        announce('Logs updated.');
    }));

    loadProjectHeader(projectId, heading, crumbs,
        [['API Tokens', projectHref(projectId, '/tokens')], ['Token logs', '#']])
        .then(async (project) => {
            try {
                const tokens = await api.listTokens(projectId);
                const token = (tokens.data || []).find((t) => t.id === tokenId);
                if (token) {
                    heading.textContent = `Logs for ${token.name}`;
                    document.title = `Logs for ${token.name} · ${project.name} · mintpost dashboard`;
                    replace(subtitle, 'Every use and refusal of ', h('span', { class: 'mono' }, token.display || token.name),
                        ', and every change to it, newest first.');
                }
            } catch (error) {
                // the heading stays generic; the log table shows its own error
            }
        })
        .catch(() => {});
    load();
    return { title: 'Token logs', node };
}

const clockFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

function clock(iso) {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? '' : clockFormat.format(date);
}

/** "team_token:<id>" → "team token <id>", "sso:<subject>" → "SSO user <subject>". */
function actorLabel(actor) {
    const [kind, ...rest] = String(actor).split(':');
    const who = rest.join(':');
    if (kind === 'team_token') {
        return `team token ${who}`;
    }
    if (kind === 'sso') {
        return `SSO user ${who}`;
    }
    return String(actor);
}

function outcomeBadge(value, reason) {
    if (value === 'revoked' && reason === 'leaked') {
        return h('span', { class: 'badge badge-revoked', 'data-testid': 'log-leaked' }, 'token.leaked');
    }
    const kind = value === 'accepted' ? 'active' : value === 'refused' ? 'revoked' : 'neutral';
    return h('span', { class: `badge badge-${kind}` }, value || '—');
}

/** The reason, and for a lifecycle change who made it (for a leak report: the reporter and its source). */
function reasonText(e) {
    if (e.reason && e.actor) {
        return `${e.reason}, by ${actorLabel(e.actor)}`;
    }
    return e.reason || (e.actor ? `by ${actorLabel(e.actor)}` : '—');
}

function logTable(entries, filtered) {
    if (entries.length === 0) {
        return h('div', { class: 'empty card', 'data-testid': 'logs-empty' },
            h('h2', {}, filtered ? 'No entries match these filters' : 'No log entries yet'),
            h('p', {}, 'Entries appear here a moment after the token is used, refused or changed.'));
    }
    const rows = entries.map((e) => h('tr', { 'data-testid': 'log-row' },
        h('td', { 'data-label': 'Time' }, timeCell(e.at), e.at ? h('span', { class: 'exact' }, clock(e.at)) : null),
        h('td', { 'data-label': 'Outcome' }, outcomeBadge(e.outcome, e.reason)),
        h('td', { 'data-label': 'Channel' }, e.channel || '—'),
        h('td', { 'data-label': 'Endpoint' }, e.endpoint ? h('span', { class: 'mono' }, e.endpoint) : '—'),
        h('td', { 'data-label': 'Reason', 'data-testid': 'log-reason' }, reasonText(e)),
        h('td', { 'data-label': 'IP' }, e.ip ? h('span', { class: 'mono' }, e.ip) : '—'),
        h('td', { 'data-label': 'User agent', class: 'wrap' }, e.user_agent || '—'),
        h('td', { 'data-label': 'Message IDs', class: 'wrap' },
            (e.message_ids || []).length ? h('span', { class: 'mono small' }, e.message_ids.join(', ')) : '—')));
    return h('div', { class: 'table-wrap' },
        h('table', { class: 'table responsive logs' },
            h('caption', { class: 'visually-hidden' }, 'Token log entries, newest first'),
            h('thead', {}, h('tr', {},
                ['Time', 'Outcome', 'Channel', 'Endpoint', 'Reason', 'IP', 'User agent', 'Message IDs']
                    .map((label) => h('th', { scope: 'col' }, label)))),
            h('tbody', {}, rows)));
}
