// Sandbox projects with the official Lettermint SDK, changing only the base URL. In: BASE_URL, TEAM_TOKEN, RUN (a
// unique word for this run's subjects). Creates a sandbox project (a bad delivery_mode first: 422), sends one message
// with send() and two with sendBatch() asking for other outcomes (and one with a bad sandbox_result: 422), waits
// until the read side shows their outcomes, reads them and the bounced one's events; then switches the project to
// live (a bad value first: 422) and sends until the edge answers live; switches it back to sandbox and sends at once.
// HOOK_URL (a receiver): two webhooks on the project's route, one with delivery_mode_filter sandbox, one left at
// the default (live); their delivery logs are read once the sandbox one has its deliveries. Out: one JSON line.
import { Lettermint } from 'lettermint';

const env = process.env;
const team = Lettermint.api(env.TEAM_TOKEN, { baseUrl: env.BASE_URL });

async function failure(call) {
  try {
    await call();
    return null;
  } catch (e) {
    return { status: e.statusCode, body: e.responseBody };
  }
}

const badCreate = await failure(() => team.projects.create({ name: 'Sandbox bad ' + env.RUN, delivery_mode: 'test' }));
const project = await team.projects.create({ name: 'Sandbox ' + env.RUN, delivery_mode: 'sandbox' });
const projectId = project.data.id;
const retrieved = await team.projects.retrieve(projectId);
const email = () => Lettermint.email(project.api_token, { baseUrl: env.BASE_URL });
const mail = (suffix, extra) => ({ from: 'shop@example.com', to: ['sandbox@example.org'],
  subject: `${env.RUN} (sandbox ${suffix})`, text: 'Never sent over SMTP.', route: 'outgoing', ...extra });

const routes = await team.projects.routes(projectId);
const routeId = routes.data.find((r) => r.slug === 'outgoing').id;
const hook = async (extra) => {
  for (let i = 0; ; i++) { // the route reaches webhook-service through route-changes, a moment after it exists
    try {
      return await team.webhooks.create({ route_id: routeId, name: 'Sandbox hook', url: env.HOOK_URL,
        events: ['message.delivered', 'message.hard_bounced'], ...extra });
    } catch (e) {
      if (e.statusCode !== 404 || i > 100) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
};
const badHook = await failure(() => team.webhooks.create({ route_id: routeId, name: 'Bad', url: env.HOOK_URL,
  events: ['message.delivered'], delivery_mode_filter: 'test' }));
const sandboxHook = await hook({ delivery_mode_filter: 'sandbox' });
const liveHook = await hook({});

// route named: the edge catches up with route-changes first (a brand-new project's routes may not be there yet)
const single = await email().from('shop@example.com').to('sandbox@example.org').route('outgoing')
  .subject(`${env.RUN} (sandbox delivered)`).text('Never sent over SMTP.').send();
const batch = await email().sendBatch([mail('bounced', { sandbox_result: 'hard_bounced' }),
  mail('opened', { sandbox_result: 'opened' })]);
const badResult = await failure(() => email().sendBatch([mail('bad', { sandbox_result: 'exploded' })]));

const ids = [single.message_id, batch[0].message_id, batch[1].message_id];
const wanted = ['delivered', 'hard_bounced', 'opened'];
let messages = [];
for (const until = Date.now() + 90_000; ;) {
  messages = await Promise.all(ids.map((id) => team.messages.retrieve(id).catch(() => null)));
  if (messages.every((m, i) => m && m.status === wanted[i]) || Date.now() > until) break;
  await new Promise((r) => setTimeout(r, 500));
}
const list = await team.messages.list({ 'filter[project]': projectId });
const bouncedEvents = await team.messages.events(batch[0].message_id);
const sandboxOnly = await team.messages.list({ 'filter[project]': projectId, 'filter[delivery_mode]': 'sandbox' });
const liveOnly = await team.messages.list({ 'filter[project]': projectId, 'filter[delivery_mode]': 'live' });
const badModeFilter = await failure(() => team.messages.list({ 'filter[delivery_mode]': 'test' }));
let sandboxDeliveries;
for (const until = Date.now() + 60_000; ;) {
  sandboxDeliveries = await team.webhooks.deliveries(sandboxHook.data.id);
  if (sandboxDeliveries.data.filter((d) => d.status === 'success').length >= 2 || Date.now() > until) break;
  await new Promise((r) => setTimeout(r, 500));
}
const sandboxDelivery = sandboxDeliveries.data.length
  ? await team.webhooks.delivery(sandboxHook.data.id, sandboxDeliveries.data[0].id) : null;
const liveDeliveries = await team.webhooks.deliveries(liveHook.data.id);

const badUpdate = await failure(() => team.projects.update(projectId, { delivery_mode: 5 }));
const updated = await team.projects.update(projectId, { delivery_mode: 'live' });
let live;
let liveSubject;
for (let i = 0; i < 60; i++) {
  liveSubject = `${env.RUN} (live ${i})`;
  live = await email().from('shop@example.com').to('live@example.org').subject(liveSubject)
    .text('Sent over SMTP.').send();
  if (live.delivery_mode === 'live') break;
  await new Promise((r) => setTimeout(r, 500));
}
// switched back to sandbox and sent to at once: the edge answers the update only once it has the new setting
await team.projects.update(projectId, { delivery_mode: 'sandbox' });
const again = await email().from('shop@example.com').to('sandbox@example.org')
  .subject(`${env.RUN} (sandbox again)`).text('Never sent over SMTP.').send();
console.log(JSON.stringify({ badCreate, retrieved, single, batch, badResult, messages, list, bouncedEvents,
  badUpdate, updated, live, liveSubject, again, sandboxOnly, liveOnly, badModeFilter, badHook, sandboxHook, liveHook,
  sandboxDeliveries, sandboxDelivery, liveDeliveries }));
