// One message (#/messages/{id}): its details (GET /v1/messages/{id}), its timeline with opens and clicks and their
// class (GET …/events), its content (GET …/html in a sandboxed frame that loads nothing, …/text, …/source), and
// Cancel for a scheduled one (the SDK's messages.cancel: POST …/cancel).
import { teamApi } from '../api.js';
import { announce, formAlert, h, replace } from '../dom.js';
import { busy } from '../forms.js';
import { timeCell } from '../time.js';
import { breadcrumbs, errorBox, loading } from './common.js';

const seg = encodeURIComponent;
const GOOD = new Set(['delivered', 'opened', 'clicked', 'processed']);
const BAD = new Set(['hard_bounced', 'soft_bounced', 'failed', 'blocked', 'policy_rejected', 'spam_complaint',
    'suppressed', 'canceled', 'unsubscribed']);
const CLASSES = { human: 'a person', privacy: 'a privacy proxy (Apple Mail Privacy Protection)',
    machine: 'a machine (link scanner or prefetcher)' };
// whatever the message's HTML asks for (its open pixel, remote images, scripts, forms), the preview loads nothing
const PREVIEW_POLICY = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">';

export function statusBadge(status) {
    const kind = GOOD.has(status) ? 'badge-active' : BAD.has(status) ? 'badge-revoked' : 'badge-neutral';
    return h('span', { class: `badge ${kind}`, 'data-testid': 'message-status', 'data-status': status },
        String(status || '').replace('_', ' '));
}

export function messageView(messageId) {
    const heading = h('h1', {}, 'Message');
    const crumbs = h('div', {}, breadcrumbs([['Messages', '#/messages'], ['Message', null]]));
    const details = h('div', {}, loading());
    const timeline = h('section', { class: 'card', 'data-testid': 'timeline', 'aria-labelledby': 'timeline-title' },
        h('h2', { id: 'timeline-title' }, 'Timeline'), loading());
    const content = h('section', { class: 'card', 'data-testid': 'content', 'aria-labelledby': 'content-title' },
        h('h2', { id: 'content-title' }, 'Content'), contentParts(messageId));
    const node = h('section', {}, crumbs, heading, details, timeline, content);
    const api = (path, options) => teamApi('GET', `/v1/messages/${seg(messageId)}${path}`, options);

    api('').then((m) => {
        heading.textContent = m.subject || '(no subject)';
        document.title = `${heading.textContent} · mintpost dashboard`;
        replace(crumbs, breadcrumbs([['Messages', '#/messages'], [heading.textContent, null]]));
        const list = (rs) => (rs && rs.length ? rs.map((r) => (r.name ? `${r.name} <${r.email}>` : r.email))
            .join(', ') : '—');
        const rows = [
            ['Status', statusBadge(m.status)],
            ['From', m.from_name ? `${m.from_name} <${m.from_email}>` : m.from_email],
            ['To', list(m.to)], ['Cc', list(m.cc)], ['Bcc', list(m.bcc)],
            ['Tag', m.tag || '—'],
            ['Route', m.route_id ? h('code', {}, m.route_id) : '—'],
            ['Sent', timeCell(m.created_at, '—')],
            ['Scheduled for', timeCell(m.scheduled_at, '—')],
            ['Message ID', h('code', { 'data-testid': 'message-id', class: 'break' }, m.id)],
            ['Attachments', (m.attachments || []).length
                ? m.attachments.map((a) => `${a.filename} (${a.content_type}, ${a.size} bytes)`).join(', ') : '—'],
            ['Metadata', m.metadata && Object.keys(m.metadata).length
                ? Object.entries(m.metadata).map(([k, v]) => `${k}: ${v}`).join(', ') : '—'],
        ];
        replace(details, h('dl', { class: 'details card', 'data-testid': 'message-details' },
            rows.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', { class: 'break' }, value)))),
        m.status === 'scheduled' ? cancelCard(messageId) : null);
    }).catch((error) => {
        if (error.status === 404) {
            heading.textContent = 'Message not found';
        }
        replace(details, errorBox(error));
    });
    api('/events', { query: { 'page[size]': 100 } })
        .then((page) => replace(timeline, h('h2', { id: 'timeline-title' }, 'Timeline'), events(page.data || [])))
        .catch((error) => replace(timeline, h('h2', { id: 'timeline-title' }, 'Timeline'), errorBox(error)));
    return { title: 'Message', node };
}

function events(list) {
    if (list.length === 0) {
        return h('p', { class: 'muted', 'data-testid': 'timeline-empty' }, 'No event yet.');
    }
    return h('ol', { class: 'timeline' }, list.map((e) => {
        const meta = e.metadata || {};
        const lines = [];
        if (meta.recipient) {
            lines.push(`Recipient: ${meta.recipient}`);
        }
        if (meta.url) {
            lines.push(`Link: ${meta.url}`);
        }
        if (meta.smtp_code) {
            lines.push(`SMTP ${meta.smtp_code}${meta.smtp_response ? ` ${meta.smtp_response}` : ''}`);
        }
        if (meta.scheduled_at) {
            lines.push(`Scheduled for ${meta.scheduled_at}`);
        }
        const cls = meta.classification;
        return h('li', { 'data-testid': 'timeline-event', 'data-event': e.event, 'data-classification': cls || null },
            h('div', { class: 'timeline-head' }, h('strong', {}, e.event.replace('_', ' ')), ' ',
                cls ? h('span', { class: `badge ${cls === 'human' ? 'badge-active' : 'badge-neutral'}`,
                    'data-testid': 'event-class', title: `Counted as ${CLASSES[cls] || cls}` }, cls) : null,
                ' ', timeCell(e.timestamp, '')),
            lines.map((l) => h('p', { class: 'muted small break' }, l)));
    }));
}

function contentParts(messageId) {
    const path = (part) => `/v1/messages/${seg(messageId)}/${part}`;
    const frame = h('iframe', { sandbox: '', referrerpolicy: 'no-referrer', class: 'preview',
        title: 'HTML preview of the message', 'data-testid': 'message-preview', hidden: true });
    const htmlStatus = h('p', { class: 'muted small', 'data-testid': 'preview-status' }, 'Loading the HTML…');
    teamApi('GET', path('html'), { raw: true }).then((html) => {
        frame.srcdoc = PREVIEW_POLICY + html;
        frame.hidden = false;
        htmlStatus.textContent = 'Images and links are off in this preview: viewing it records no open.';
    }).catch((error) => { htmlStatus.textContent = error.message; });
    return [
        h('details', { open: true, 'data-testid': 'part-html' }, h('summary', {}, 'HTML preview'), htmlStatus, frame),
        lazyPart('Plain text', 'text', path('text')),
        lazyPart('Source (MIME as delivered, DKIM signature included)', 'source', path('source')),
    ];
}

/** A part fetched when first opened: plain text or the raw MIME, shown as text (never as markup). */
function lazyPart(label, key, path) {
    const body = h('pre', { class: 'pre', tabindex: 0, 'data-testid': `message-${key}` }, 'Loading…');
    const part = h('details', { 'data-testid': `part-${key}` }, h('summary', {}, label), body);
    let loaded = false;
    part.addEventListener('toggle', () => {
        if (!part.open || loaded) {
            return;
        }
        loaded = true;
        teamApi('GET', path, { raw: true })
            .then((text) => { body.textContent = text || '(empty)'; })
            .catch((error) => { body.textContent = error.message; loaded = false; });
    });
    return part;
}

function cancelCard(messageId) {
    const alert = formAlert();
    const button = h('button', { type: 'button', class: 'btn btn-danger', 'data-testid': 'cancel-message' },
        'Cancel this scheduled message');
    button.addEventListener('click', () => busy(button, 'Canceling…', async () => {
        alert.clear();
        try {
            const result = await teamApi('POST', `/v1/messages/${seg(messageId)}/cancel`);
            announce((result && result.message) || 'The message is canceled.');
            window.dispatchEvent(new HashChangeEvent('hashchange'));
        } catch (error) {
            alert.show(error.message);
        }
    }));
    return h('div', { class: 'card callout', 'data-testid': 'cancel-card' }, h('h2', {}, 'Scheduled'),
        h('p', {}, 'This message waits for its scheduled time. Cancel it and it is never sent.'), alert.el, button);
}
