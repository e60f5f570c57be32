// Projects: the team's projects (cursor pagination) and "New project".
import { api } from '../api.js';
import { announce, field, formAlert, h, replace } from '../dom.js';
import { openDialog } from '../dialog.js';
import { busy, clearErrors, showApiErrors } from '../forms.js';
import { showSecretOnce } from '../secret-dialog.js';
import { timeCell } from '../time.js';
import { errorBox, loading, projectHref } from './common.js';

export function projectsView() {
    const content = h('div', {}, loading());
    const newButton = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'new-project' }, 'New project');
    newButton.addEventListener('click', () => openNewProject(newButton));
    const node = h('section', {},
        h('div', { class: 'page-head' },
            h('div', {}, h('h1', {}, 'Projects'),
                h('p', { class: 'lead' }, 'Select a project to manage its API tokens.')),
            newButton),
        content);

    let cursor;
    async function load(nextCursor) {
        cursor = nextCursor;
        replace(content, loading());
        try {
            const page = await api.listProjects(cursor, 25);
            replace(content, projectTable(page, load, newButton));
        } catch (error) {
            replace(content, errorBox(error));
        }
    }
    load(undefined);
    return { title: 'Projects', node };
}

function projectTable(page, load, newButton) {
    const projects = page.data || [];
    if (projects.length === 0 && !page.prev_cursor) {
        const create = h('button', { type: 'button', class: 'btn btn-primary' }, 'Create your first project');
        create.addEventListener('click', () => newButton.click());
        return h('div', { class: 'empty card', 'data-testid': 'projects-empty' },
            h('h2', {}, 'No projects yet'),
            h('p', {}, 'A project groups the email you send for one product or site, with its own API tokens.'),
            create);
    }
    const rows = projects.map((p) => h('tr', { 'data-testid': 'project-row' },
        h('th', { scope: 'row', 'data-label': 'Name' },
            h('a', { href: projectHref(p.id), 'data-testid': 'project-link' }, p.name)),
        h('td', { 'data-label': 'Created' }, timeCell(p.created_at)),
        h('td', { 'data-label': 'Token last used' }, timeCell(p.token_last_used_at)),
        h('td', { 'data-label': 'Last IP' }, p.token_last_used_ip
            ? h('span', { class: 'mono' }, p.token_last_used_ip) : h('span', { class: 'muted' }, '—'))));
    const pager = h('div', { class: 'pager' });
    if (page.prev_cursor) {
        const prev = h('button', { type: 'button', class: 'btn btn-secondary' }, 'Previous page');
        prev.addEventListener('click', () => load(page.prev_cursor));
        pager.appendChild(prev);
    }
    if (page.next_cursor) {
        const next = h('button', { type: 'button', class: 'btn btn-secondary' }, 'Next page');
        next.addEventListener('click', () => load(page.next_cursor));
        pager.appendChild(next);
    }
    return h('div', {},
        h('div', { class: 'table-wrap' },
            h('table', { class: 'table responsive' },
                h('caption', { class: 'visually-hidden' }, 'Projects'),
                h('thead', {}, h('tr', {},
                    h('th', { scope: 'col' }, 'Name'),
                    h('th', { scope: 'col' }, 'Created'),
                    h('th', { scope: 'col' }, 'Token last used'),
                    h('th', { scope: 'col' }, 'Last IP'))),
                h('tbody', {}, rows))),
        pager);
}

function openNewProject(opener) {
    const name = field({ label: 'Project name', name: 'name', required: true,
        hint: 'For example the product or site it sends for.', attrs: { maxlength: 255, autocomplete: 'off' } });
    const alert = formAlert();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Create project');
    const cancel = h('button', { type: 'button', class: 'btn btn-secondary' }, 'Cancel');
    const form = h('form', { novalidate: true, id: 'new-project-form' }, name.wrap, alert.el);
    submit.setAttribute('form', 'new-project-form');
    const dialog = openDialog({ title: 'New project', content: [form], actions: [cancel, submit] });
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const fields = { name };
        clearErrors(fields, alert);
        const value = name.input.value.trim();
        if (!value) {
            name.setErrors(['Enter a name for the project.']);
            name.input.focus();
            return;
        }
        await busy(submit, 'Creating…', async () => {
            try {
                const created = await api.createProject({ name: value });
                dialog.close();
                announce(`Project ${created.data.name} created.`);
                showSecretOnce({
                    title: 'Project created: copy its token',
                    lead: `Project “${created.data.name}” was created with its first project API token, named Default.`,
                    token: created.api_token,
                    projectId: created.data.id,
                    returnFocus: opener,
                    onClose: () => {
                        window.location.hash = `/projects/${encodeURIComponent(created.data.id)}/tokens`;
                    },
                });
            } catch (error) {
                const first = showApiErrors(error, fields, alert);
                (first || name.input).focus();
            }
        });
    });
}
