// A project's overview: its settings, its routes and the last use of any of its tokens.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { timeCell } from '../time.js';
import { errorBox, loadProjectHeader, loading, projectHref, projectNav } from './common.js';
import { engagementCard, trackingCell } from './tracking.js';
import { tokenPolicySection } from './inactive.js';
import { workloadsSection } from './workloads.js';

export function projectView(projectId) {
    const heading = h('h1', {}, 'Project');
    const crumbs = h('div', {});
    const content = h('div', {}, loading());
    const routes = h('section', { class: 'routes', 'data-testid': 'routes' }, loading());
    const node = h('section', {}, crumbs, heading, projectNav(projectId, 'overview'), content);

    loadProjectHeader(projectId, heading, crumbs, []).then((project) => {
        document.title = `${project.name} · mintpost dashboard`;
        const rows = [
            ['Project ID', h('code', {}, project.id)],
            ['SMTP relay', project.smtp_enabled ? 'Enabled' : 'Disabled'],
            ['Created', timeCell(project.created_at)],
            ['Last token generated', timeCell(project.token_generated_at)],
            ['A token last used', timeCell(project.token_last_used_at)],
            ['Last IP', project.token_last_used_ip ? h('span', { class: 'mono' }, project.token_last_used_ip) : '—'],
        ];
        replace(content,
            h('dl', { class: 'details card' }, rows.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value)))),
            h('div', { class: 'card callout' },
                h('h2', {}, 'API Tokens'),
                h('p', {}, 'Project API tokens send email for this project with the Sending API or the SMTP relay. '
                    + 'Create one per integration or environment.'),
                h('a', { class: 'btn btn-primary', href: projectHref(projectId, '/tokens'), 'data-testid': 'open-api-tokens' },
                    'Open API Tokens')),
            engagementCard(projectId),
            tokenPolicySection(projectId),
            routes,
            workloadsSection(projectId));
        return api.listRoutes(projectId).then((page) => replace(routes, h('h2', {}, 'Routes'),
            h('p', { class: 'muted' }, 'A send picks a route by its slug (route in the API, X-Lettermint-Route over '
                + 'SMTP); without one it goes out on the default route.'),
            routeTable(projectId, page.data || [])));
    }).catch((error) => replace(content, errorBox(error)));

    return { title: 'Project', node };
}

function routeTable(projectId, routes) {
    if (routes.length === 0) {
        return h('p', { class: 'muted', 'data-testid': 'routes-empty' }, 'No route.');
    }
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table responsive' },
        h('caption', { class: 'visually-hidden' }, 'Routes'),
        h('thead', {}, h('tr', {}, ['Name', 'Slug', 'Type', 'Tracking', 'Created', 'Webhooks'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, routes.map((r) => h('tr', { 'data-testid': 'route-row', 'data-route-id': r.id },
            h('th', { scope: 'row', 'data-label': 'Name' }, r.name, ' ',
                r.is_default ? h('span', { class: 'badge badge-active', 'data-testid': 'route-default' }, 'Default')
                    : null),
            h('td', { 'data-label': 'Slug' }, h('code', { 'data-testid': 'route-slug' }, r.slug)),
            h('td', { 'data-label': 'Type' }, h('span', { class: 'badge badge-neutral' }, r.route_type)),
            trackingCell(r),
            h('td', { 'data-label': 'Created' }, timeCell(r.created_at)),
            h('td', { 'data-label': 'Webhooks' }, h('a', { href: projectHref(projectId,
                `/routes/${encodeURIComponent(r.id)}/webhooks`), 'data-testid': 'route-webhooks',
            'aria-label': `Webhooks of ${r.name}` }, 'Webhooks')))))));
}
