// Drives webhooks through the official Lettermint SDK against the running suite (only baseUrl changed), and checks
// received webhooks with the SDK's own Webhook class. In: BASE_URL, TEAM_TOKEN, PHASE and per phase:
//   create:  URL (the receiver)             -> project (id, token), route_id, created, retrieved, listed
//   send:    PROJECT_TOKEN, SUBJECT          -> sent
//   verify:  SECRET, RECEIVED (a JSON file of [{headers, body (base64)}]) -> results [{ok, event, message_id}]
//   log:     WEBHOOK_ID                      -> deliveries, first (delivery of the newest)
//   rotate:  WEBHOOK_ID                      -> regenerated, tested, updated, deleted
//   refuse:  ROUTE_ID                        -> refusals [{url, status, reason}] (each create refused)
// Out: one JSON line.
import { readFileSync } from 'node:fs';
import { Lettermint, Webhook } from 'lettermint';

const env = process.env;
const team = Lettermint.api(env.TEAM_TOKEN, { baseUrl: env.BASE_URL });
const EVENTS = ['message.created', 'message.sent', 'message.delivered', 'message.hard_bounced'];

let out;
if (env.PHASE === 'create') {
  const project = await team.projects.create({ name: 'Webhooks project', smtp_enabled: true });
  let routeId = project.data.default_route_id;
  if (!routeId) {
    const routes = await team.projects.routes(project.data.id);
    routeId = routes.data.find((r) => r.is_default && r.route_type === 'transactional').id;
  }
  let created;
  for (let i = 0; ; i++) { // the route reaches webhook-service through route-changes, a moment after it exists
    try {
      created = await team.webhooks.create({ route_id: routeId, name: 'Orders', url: env.URL, events: EVENTS });
      break;
    } catch (e) {
      if (e.statusCode !== 404 || i > 100) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const retrieved = await team.webhooks.retrieve(created.data.id);
  const listed = await team.webhooks.list({ 'filter[route_id]': routeId });
  out = { project: { id: project.data.id, token: project.api_token }, route_id: routeId, created, retrieved, listed };
} else if (env.PHASE === 'send') {
  const email = Lettermint.email(env.PROJECT_TOKEN, { baseUrl: env.BASE_URL });
  const sent = await email.from('shop@example.com').to('alice@example.org').subject(env.SUBJECT)
    .text('Webhooks follow this mail.').metadata({ order: '42' }).send();
  out = { sent };
} else if (env.PHASE === 'verify') {
  const received = JSON.parse(readFileSync(env.RECEIVED, 'utf8'));
  const results = received.map(({ headers, body }) => {
    try {
      const payload = new Webhook(env.SECRET).verifyHeaders(headers, Buffer.from(body, 'base64'));
      return { ok: true, event: payload.event, message_id: payload.data.message_id ?? null };
    } catch (e) {
      return { ok: false, error: `${e.name}: ${e.message}` };
    }
  });
  out = { results };
} else if (env.PHASE === 'log') {
  const deliveries = await team.webhooks.deliveries(env.WEBHOOK_ID, { 'page[size]': '100' });
  const first = deliveries.data.length ? await team.webhooks.delivery(env.WEBHOOK_ID, deliveries.data[0].id) : null;
  out = { deliveries, first };
} else if (env.PHASE === 'refuse') {
  const refusals = [];
  for (const url of ['ftp://example.com/hook', 'not a url', 'https://']) {
    try {
      await team.webhooks.create({ route_id: env.ROUTE_ID, name: 'Refused', url, events: EVENTS });
      refusals.push({ url, status: 201 });
    } catch (e) {
      refusals.push({ url, status: e.statusCode, reason: e.responseBody?.errors?.url?.[0] ?? null });
    }
  }
  out = { refusals };
} else {
  const regenerated = await team.webhooks.regenerateSecret(env.WEBHOOK_ID);
  const tested = await team.webhooks.test(env.WEBHOOK_ID);
  const updated = await team.webhooks.update(env.WEBHOOK_ID, { enabled: false });
  const deleted = await team.webhooks.delete(env.WEBHOOK_ID);
  out = { regenerated, tested, updated, deleted };
}
console.log(JSON.stringify(out));
