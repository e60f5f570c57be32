// Pieces shared by the project pages: breadcrumbs, the project's sub-navigation, loading and error states.
import { api, ApiError } from '../api.js';
import { h, replace } from '../dom.js';

export function projectHref(projectId, rest = '') {
    return `#/projects/${encodeURIComponent(projectId)}${rest}`;
}

export function breadcrumbs(items) {
    return h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' },
        h('ol', {}, items.map(([label, href], i) => h('li', {},
            i === items.length - 1
                ? h('span', { 'aria-current': 'page' }, label)
                : h('a', { href }, label)))));
}

/** The project's tabs: Overview, API Tokens, Try the send endpoint. */
export function projectNav(projectId, current) {
    const links = [
        ['overview', 'Overview', projectHref(projectId)],
        ['tokens', 'API Tokens', projectHref(projectId, '/tokens')],
        ['playground', 'Try the send endpoint', projectHref(projectId, '/playground')],
    ];
    return h('nav', { class: 'subnav', 'aria-label': 'Project' },
        h('ul', {}, links.map(([key, label, href]) => h('li', {},
            h('a', { href, 'aria-current': key === current ? 'page' : null, 'data-testid': `nav-${key}` }, label)))));
}

export function loading(text = 'Loading…') {
    return h('p', { class: 'loading muted', role: 'status' }, text);
}

export function errorBox(error) {
    const message = error instanceof ApiError || (error && error.message) ? error.message : String(error);
    return h('div', { class: 'alert alert-error', role: 'alert' }, message);
}

/**
 * Loads the project for a project page: fills the heading and breadcrumbs, or shows the error
 * (404 for a project that does not exist or is not visible to this team).
 */
export async function loadProjectHeader(projectId, heading, crumbsSlot, trail) {
    try {
        const project = await api.getProject(projectId);
        heading.textContent = trail.length ? `${trail[trail.length - 1][0]}` : project.name;
        replace(crumbsSlot, breadcrumbs([['Projects', '#/projects'], [project.name, projectHref(projectId)], ...trail]));
        return project;
    } catch (error) {
        if (error.status === 404) {
            heading.textContent = 'Project not found';
        }
        throw error;
    }
}
