// Webhooks of one route: create one (name, URL, events), its signing secret shown once, send a test, and the
// delivery log of each webhook with every attempt's payload and the receiver's answer.
import { teamApi } from '../api.js';
import { announce, copyText, field, formAlert, h, replace, uid } from '../dom.js';
import { openDialog } from '../dialog.js';
import { busy, clearErrors, showApiErrors } from '../forms.js';
import { timeCell } from '../time.js';
import { errorBox, loadProjectHeader, loading, projectHref, projectNav } from './common.js';

const seg = encodeURIComponent;
const webhooksApi = {
    list: (routeId) => teamApi('GET', '/v1/webhooks', { query: { 'filter[route_id]': routeId, 'page[size]': 100 } }),
    create: (body) => teamApi('POST', '/v1/webhooks', { body }),
    test: (id) => teamApi('POST', `/v1/webhooks/${seg(id)}/test`),
    deliveries: (id) => teamApi('GET', `/v1/webhooks/${seg(id)}/deliveries`, { query: { 'page[size]': 25 } }),
    delivery: (id, deliveryId) => teamApi('GET', `/v1/webhooks/${seg(id)}/deliveries/${seg(deliveryId)}`),
};

// the events a webhook can subscribe to (the SDK's WebhookEvent, plus token.leaked, our extension)
const EVENTS = ['message.created', 'message.sent', 'message.delivered', 'message.soft_bounced',
    'message.hard_bounced', 'message.failed', 'message.suppressed', 'message.spam_complaint', 'message.opened',
    'message.clicked', 'message.unsubscribed', 'suppression.added', 'suppression.removed', 'token.leaked'];
const DEFAULT_EVENTS = ['message.delivered', 'message.hard_bounced', 'message.failed'];

export function webhooksView(projectId, routeId) {
    const heading = h('h1', {}, 'Webhooks');
    const crumbs = h('div', {});
    const content = h('div', { 'data-testid': 'webhooks' }, loading());
    const name = field({ label: 'Name', name: 'name', required: true, attrs: { 'data-testid': 'webhook-name' } });
    const url = field({ label: 'Endpoint URL', name: 'url', type: 'url', required: true,
        hint: 'An https URL that answers 2xx. Each POST is signed (X-Lettermint-Signature).',
        attrs: { 'data-testid': 'webhook-url' } });
    const boxes = EVENTS.map((event) => {
        const id = uid('event');
        const box = h('input', { type: 'checkbox', id, value: event, 'data-testid': 'webhook-event' });
        box.checked = DEFAULT_EVENTS.includes(event);
        return { box, wrap: h('div', { class: 'check' }, box, h('label', { for: id }, event)) };
    });
    const eventsError = h('p', { class: 'field-error', hidden: true });
    const events = { setErrors: (list) => { eventsError.hidden = !list || !list.length; eventsError.textContent =
        (list || []).join(' '); } };
    const alert = formAlert();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'create-webhook' },
        'Create webhook');
    const form = h('form', { class: 'card form', novalidate: true }, name.wrap, url.wrap,
        h('fieldset', { class: 'field' }, h('legend', {}, 'Events'), boxes.map((b) => b.wrap), eventsError),
        alert.el, submit);
    const fields = { name, url, events };
    async function load() {
        try {
            const page = await webhooksApi.list(routeId);
            replace(content, list(page.data || []));
        } catch (error) {
            replace(content, errorBox(error));
        }
    }
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(fields, alert);
        await busy(submit, 'Creating…', async () => {
            const body = { route_id: routeId, name: name.input.value.trim(), url: url.input.value.trim(),
                events: boxes.filter((b) => b.box.checked).map((b) => b.box.value) };
            try {
                const created = await webhooksApi.create(body);
                name.input.value = '';
                url.input.value = '';
                await load();
                showWebhookSecret(created.data.secret, submit);
            } catch (error) {
                (showApiErrors(error, fields, alert) || name.input).focus();
            }
        });
    });
    loadProjectHeader(projectId, heading, crumbs, [['Webhooks', projectHref(projectId,
        `/routes/${seg(routeId)}/webhooks`)]]).catch((error) => replace(content, errorBox(error)));
    const node = h('section', {}, crumbs, heading, projectNav(projectId, 'overview'),
        h('p', { class: 'lead' }, 'Every outcome of this route\u2019s mail, pushed to your endpoint and signed.'),
        form, h('h2', { class: 'section-title' }, 'Webhooks of this route'), content);
    load();
    return { title: 'Webhooks', node };
}

function showWebhookSecret(secret, returnFocus) {
    const inputId = uid('whsec');
    const input = h('input', { id: inputId, type: 'text', class: 'mono secret-input', readonly: true,
        'data-testid': 'webhook-secret' });
    input.value = secret;
    const status = h('p', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
    const copy = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'copy-secret' }, 'Copy');
    copy.addEventListener('click', async () => {
        status.textContent = await copyText(secret, input) ? 'Secret copied to the clipboard.'
            : 'Copy failed: select the secret and copy it by hand.';
    });
    const done = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'secret-done' }, 'Done');
    const dialog = openDialog({ title: 'Webhook created', size: 'wide', testId: 'secret-dialog', returnFocus,
        content: [h('div', { class: 'alert alert-warning', role: 'note' }, h('strong', {}, 'Copy the secret now. '),
            'It is shown only once; regenerate it if you lose it.'),
        h('label', { for: inputId, class: 'label' }, 'Signing secret'), h('div', { class: 'copy-row' }, input, copy),
        status], actions: [done], initialFocus: copy, onClose: () => { input.value = ''; } });
    done.addEventListener('click', () => dialog.close());
}

function list(webhooks) {
    if (webhooks.length === 0) {
        return h('p', { class: 'muted', 'data-testid': 'webhooks-empty' }, 'No webhook on this route yet.');
    }
    return h('div', {}, webhooks.map(card));
}

function card(w) {
    const log = h('div', { 'data-testid': 'delivery-log' }, loading());
    async function loadLog() {
        try {
            replace(log, deliveryTable((await webhooksApi.deliveries(w.id)).data || []));
        } catch (error) {
            replace(log, errorBox(error));
        }
    }
    const test = h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'test-webhook',
        'aria-label': `Send test to ${w.name}` }, 'Send test');
    test.addEventListener('click', () => busy(test, 'Sending…', async () => {
        try {
            announce((await webhooksApi.test(w.id)).message);
        } catch (error) {
            announce(error.message);
        }
        await loadLog();
    }));
    loadLog();
    return h('article', { class: 'card', 'data-testid': 'webhook-card', 'data-webhook-id': w.id },
        h('h3', {}, w.name, ' ', h('span', { class: `badge ${w.enabled ? 'badge-active' : 'badge-neutral'}`,
            'data-testid': 'webhook-enabled' }, w.enabled ? 'Enabled' : 'Disabled')),
        h('p', { class: 'mono break' }, w.url),
        w.disabled_reason ? h('p', { class: 'alert alert-error' }, `Disabled: ${w.disabled_reason}`) : null,
        h('p', { class: 'muted' }, (w.events || []).join(', ')),
        h('div', { class: 'button-row' }, test),
        h('h4', {}, 'Delivery log'), log);
}

function deliveryTable(deliveries) {
    if (deliveries.length === 0) {
        return h('p', { class: 'muted' }, 'No delivery yet.');
    }
    return h('ul', { class: 'delivery-list' }, deliveries.map(deliveryRow));
}

// the list carries no payload: the attempt itself is read when its details are opened
function deliveryRow(d) {
    const payload = h('pre', { class: 'mono pre', tabindex: '0', 'data-testid': 'delivery-payload' }, '…');
    const response = h('pre', { class: 'mono pre', tabindex: '0', 'data-testid': 'delivery-response' }, '…');
    const details = h('details', {}, h('summary', {}, h('span', { class: 'badge badge-neutral' }, d.status), ' ',
        d.event_type, ' · attempt ', String(d.attempt_number), d.http_status_code ? ` · HTTP ${d.http_status_code}` : '',
        ' · ', timeCell(d.timestamp)),
    h('p', { class: 'label' }, 'Payload'), payload, h('p', { class: 'label' }, 'Response'), response);
    details.addEventListener('toggle', async () => {
        if (!details.open) {
            return;
        }
        try {
            const full = await webhooksApi.delivery(d.webhook_id, d.id);
            payload.textContent = JSON.stringify(full.payload ?? full.data?.payload, null, 2);
            response.textContent = (full.response_body ?? full.data?.response_body) || full.error_message || '—';
        } catch (error) {
            payload.textContent = error.message;
        }
    });
    return h('li', { 'data-testid': 'delivery-row', 'data-status': d.status, 'data-event': d.event_type }, details);
}
