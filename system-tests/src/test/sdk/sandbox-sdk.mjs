// Sandbox projects with the official Lettermint SDK, changing only the base URL. In: BASE_URL, TEAM_TOKEN, RUN (a
// unique word for this run's subjects). Creates a sandbox project (a bad delivery_mode first: 422), sends one message
// with send() and two with sendBatch() asking for other outcomes (and one with a bad sandbox_result: 422), waits
// until the read side shows their outcomes, reads them and the bounced one's events; then switches the project to
// live (a bad value first: 422) and sends until the edge answers live. Out: one JSON line.
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
console.log(JSON.stringify({ badCreate, retrieved, single, batch, badResult, messages, list, bouncedEvents,
  badUpdate, updated, live, liveSubject }));
