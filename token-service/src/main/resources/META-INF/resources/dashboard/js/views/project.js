// A project's overview: its settings and the last use of any of its tokens.
import { h, replace } from '../dom.js';
import { timeCell } from '../time.js';
import { errorBox, loadProjectHeader, loading, projectHref, projectNav } from './common.js';

export function projectView(projectId) {
    const heading = h('h1', {}, 'Project');
    const crumbs = h('div', {});
    const content = h('div', {}, loading());
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
                    'Open API Tokens')));
    }).catch((error) => replace(content, errorBox(error)));

    return { title: 'Project', node };
}
