// Opens and clicks on the project page: the last 30 days' counts (GET /v1/stats) and each route's tracking
// settings, editable in place (PUT /v1/routes/{id} with settings).
import { teamApi } from '../api.js';
import { h, replace, uid } from '../dom.js';

const FLAGS = [
    ['track_opens', 'Track opens'],
    ['track_clicks', 'Track clicks'],
    ['generate_plaintext_fallback', 'Text fallback'],
    ['disable_hosted_unsubscribe', 'No hosted unsubscribe'],
];

export function engagementCard(projectId) {
    const card = h('section', { class: 'card', 'data-testid': 'engagement' }, h('h2', {}, 'Opens and clicks'),
        h('p', { class: 'muted' }, 'Loading…'));
    const to = new Date();
    const from = new Date(to.getTime() - 29 * 24 * 3600 * 1000);
    const day = (d) => d.toISOString().slice(0, 10);
    teamApi('GET', '/v1/stats', { query: { from: day(from), to: day(to), project_id: projectId } }).then((stats) => {
        const t = stats.totals || {};
        const rows = [['Opened', t.opened, 'opened'], ['Effective opens', t.effective_opened, 'effective-opened'],
            ['Clicked', t.clicked, 'clicked'], ['Machine opens', t.machine_opened, 'machine-opened']];
        replace(card, h('h2', {}, 'Opens and clicks (last 30 days)'),
            h('dl', { class: 'details' }, rows.map(([term, value, id]) => h('div', {}, h('dt', {}, term),
                h('dd', { 'data-testid': `count-${id}` }, String(value ?? 0))))));
    }).catch(() => replace(card, h('h2', {}, 'Opens and clicks'), h('p', { class: 'muted' }, 'Not available.')));
    return card;
}

export function trackingCell(route) {
    const status = h('span', { class: 'muted', role: 'status', 'data-testid': 'tracking-status' });
    const boxes = FLAGS.map(([key, label]) => {
        const id = uid('flag');
        const box = h('input', { type: 'checkbox', id, 'data-testid': `flag-${key}` });
        box.checked = Boolean(route.settings && route.settings[key]);
        box.addEventListener('change', () => {
            box.disabled = true;
            status.textContent = 'Saving…';
            teamApi('PUT', `/v1/routes/${encodeURIComponent(route.id)}`, { body: { settings: { [key]: box.checked } } })
                .then(() => { status.textContent = 'Saved'; })
                .catch((error) => { box.checked = !box.checked; status.textContent = error.message; })
                .finally(() => { box.disabled = false; });
        });
        return h('div', {}, box, ' ', h('label', { for: id }, label));
    });
    return h('td', { 'data-label': 'Tracking', 'data-testid': 'route-tracking' }, ...boxes, status);
}
