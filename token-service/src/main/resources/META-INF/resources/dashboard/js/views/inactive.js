// Leaked and forgotten tokens (issue #25): the Inactive badge, filter and auto-revoke warning of the
// API Tokens page, and the project page's token policy (auto_revoke_inactive_days) and token.leaked entries.
import { api } from '../api.js';
import { announce, field, formAlert, h, replace, uid } from '../dom.js';
import { busy, clearErrors, showApiErrors } from '../forms.js';
import { timeCell } from '../time.js';
import { errorBox, loading, projectHref } from './common.js';

/** An active token unused for this many days is marked Inactive (also any token the job will revoke within 7 days). */
export const INACTIVE_BADGE_DAYS = 30;
const FILTER_CHOICES = [['', 'All tokens'], ['7', 'Unused for 7+ days'], ['30', 'Unused for 30+ days'],
    ['90', 'Unused for 90+ days']];

function isInactive(t) {
    return t.status === 'active' && (t.inactive_days >= INACTIVE_BADGE_DAYS || t.auto_revoke_warning === true);
}

/** The Inactive badge (with the days unused), or null. */
export function inactiveBadge(t) {
    if (!isInactive(t)) {
        return null;
    }
    const days = t.inactive_days === 1 ? '1 day' : `${t.inactive_days} days`;
    return h('span', { class: 'badge badge-inactive', 'data-testid': 'token-inactive', title: `Unused for ${days}` },
        'Inactive', h('span', { class: 'visually-hidden' }, ` (unused for ${days})`));
}

/** Under a token the job will revoke within 7 days: when, unless it is used. */
export function autoRevokeNote(t) {
    if (t.status !== 'active' || t.auto_revoke_warning !== true || !t.auto_revoke_at) {
        return null;
    }
    return h('span', { class: 'small warning-text', 'data-testid': 'token-auto-revoke' },
        ' revoked automatically ', timeCell(t.auto_revoke_at), ' unless used');
}

/** The filter of the API Tokens page; calls onChange with the chosen inactive_days ('' for all). */
export function inactiveFilter(onChange) {
    const id = uid('inactive-filter');
    const select = h('select', { id, 'data-testid': 'inactive-filter' },
        FILTER_CHOICES.map(([value, label]) => h('option', { value }, label)));
    select.addEventListener('change', () => onChange(select.value));
    return { el: h('div', { class: 'field inline' }, h('label', { for: id }, 'Show'), select), select };
}

/** A warning over the list when the auto-revoke job will revoke some tokens within 7 days; null otherwise. */
export function autoRevokeWarning(tokens) {
    const due = tokens.filter((t) => t.status === 'active' && t.auto_revoke_warning === true);
    if (due.length === 0) {
        return null;
    }
    const names = due.map((t) => t.name).join(', ');
    return h('div', { class: 'alert alert-warning', role: 'status', 'data-testid': 'auto-revoke-warning' },
        h('strong', {}, due.length === 1 ? '1 token will be revoked automatically' : `${due.length} tokens will be revoked automatically`),
        due.length === 1 ? ` within 7 days because it has not been used: ${names}. Use it to keep it.`
            : ` within 7 days because they have not been used: ${names}. Use them to keep them.`);
}

/** The project page's part: the auto-revoke setting, the coming auto-revocations and the token.leaked entries. */
export function tokenPolicySection(projectId) {
    const section = h('section', { class: 'card', 'data-testid': 'token-policy' }, loading());
    Promise.all([api.getTokenSettings(projectId), api.listTokens(projectId)])
        .then(([settings, page]) => {
            const tokens = page.data || [];
            replace(section, h('h2', {}, 'Token safety'),
                settingForm(projectId, settings.data.auto_revoke_inactive_days),
                autoRevokeWarning(tokens),
                leakedList(projectId, tokens));
        })
        .catch((error) => replace(section, h('h2', {}, 'Token safety'), errorBox(error)));
    return section;
}

function settingForm(projectId, days) {
    const formId = uid('auto-revoke-form');
    const input = field({
        label: 'Revoke tokens unused for (days)', name: 'auto_revoke_inactive_days', type: 'number',
        value: days == null ? '' : String(days),
        hint: 'Off when empty. A token nobody used for this many days is revoked (reason inactive); '
            + 'this page and API Tokens warn 7 days before.',
        attrs: { min: 1, max: 3650, inputmode: 'numeric', 'data-testid': 'auto-revoke-days' },
    });
    const state = h('p', { class: 'muted', 'data-testid': 'auto-revoke-state' }, stateText(days));
    const alert = formAlert();
    const save = h('button', { type: 'submit', class: 'btn btn-secondary', 'data-testid': 'save-auto-revoke' }, 'Save');
    const form = h('form', { id: formId, novalidate: true }, state, input.wrap, alert.el, save);
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors({ auto_revoke_inactive_days: input }, alert);
        const raw = input.input.value.trim();
        const value = raw === '' ? null : Number(raw);
        await busy(save, 'Saving…', async () => {
            try {
                const saved = await api.setTokenSettings(projectId, { auto_revoke_inactive_days: value });
                state.textContent = stateText(saved.data.auto_revoke_inactive_days);
                announce(stateText(saved.data.auto_revoke_inactive_days));
            } catch (error) {
                (showApiErrors(error, { auto_revoke_inactive_days: input }, alert) || input.input).focus();
            }
        });
    });
    return form;
}

function stateText(days) {
    return days == null ? 'Automatic revocation of unused tokens is off.'
        : `Tokens unused for ${days} ${days === 1 ? 'day' : 'days'} are revoked automatically.`;
}

function leakedList(projectId, tokens) {
    const leaked = tokens.filter((t) => t.revoked_reason === 'leaked')
        .sort((a, b) => String(b.revoked_at).localeCompare(String(a.revoked_at)));
    const heading = h('h3', {}, 'Leaked tokens');
    if (leaked.length === 0) {
        return h('div', {}, heading, h('p', { class: 'muted', 'data-testid': 'leaked-empty' },
            'No token of this project was reported as leaked.'));
    }
    return h('div', {}, heading,
        h('p', { class: 'muted' }, 'Tokens found in public code or reported by someone were revoked at once.'),
        h('ul', { class: 'plain-list' }, leaked.map((t) => h('li', { 'data-testid': 'leaked-entry', 'data-token-id': t.id },
            h('code', {}, 'token.leaked'), ' ',
            h('a', { href: projectHref(projectId, `/tokens/${encodeURIComponent(t.id)}/logs`) }, t.name), ' ',
            timeCell(t.revoked_at),
            t.leak_source ? h('span', { class: 'small', 'data-testid': 'leak-source' }, ` · ${t.leak_source}`) : null,
            t.leak_url ? h('span', { class: 'small mono break', 'data-testid': 'leak-url' }, ` · ${t.leak_url}`) : null))));
}
