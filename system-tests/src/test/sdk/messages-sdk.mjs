// Drives the messages and stats read side of the running suite with the official Lettermint SDK, changing only
// its base URL. In: BASE_URL, TEAM_TOKEN, RUN (a unique word for this run's subjects). Sends four mails with a
// new project's token (tags welcome/receipt, different recipients), waits until the read side shows them
// delivered, then lists with filters and pages, retrieves one, reads its events, source, html and text, and the
// stats of the project for today; then sends one mail with Cc, Bcc, Reply-To, tags and an attachment from another
// project and retrieves it. Out: one JSON line.
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

const project = await team.projects.create({ name: 'Messages ' + env.RUN });
const projectId = project.data.id;
const email = Lettermint.email(project.api_token, { baseUrl: env.BASE_URL });
const plan = [
  { to: 'alice@example.org', tag: 'welcome' },
  { to: 'bob@example.org', tag: 'welcome' },
  { to: 'carol@example.org', tag: 'receipt' },
  { to: 'dave@example.org', tag: 'receipt' },
];
const sent = [];
for (const [i, p] of plan.entries()) {
  const r = await email.from('Shop <shop@example.com>').to(p.to).subject(`${env.RUN} #${i}`).tag(p.tag)
    .html(`<p>Hello <b>${p.to}</b></p>`).text(`Hello ${p.to}`).metadata({ order: String(i) }).send();
  sent.push({ ...p, id: r.message_id, status: r.status, subject: `${env.RUN} #${i}` });
}

const deadline = Date.now() + 90_000;
let all;
for (;;) {
  all = await team.messages.list({ 'filter[project]': projectId, 'filter[status]': 'delivered' });
  if (all.data.length === sent.length || Date.now() > deadline) break;
  await new Promise((r) => setTimeout(r, 500));
}
const welcome = await team.messages.list({ 'filter[project]': projectId, 'filter[tag]': 'welcome' });
const bySearch = await team.messages.list({ 'filter[project]': projectId, 'filter[search]': 'carol@' });
const page1 = await team.messages.list({ 'filter[project]': projectId, 'page[size]': '3' });
const page2 = await team.messages.list({ 'filter[project]': projectId, 'page[size]': '3',
  'page[cursor]': page1.meta.next_cursor });
const first = sent[0].id;
const retrieved = await team.messages.retrieve(first);
const events = await team.messages.events(first);
const source = await team.messages.source(first);
const html = await team.messages.html(first);
const text = await team.messages.text(first);
const today = new Date().toISOString().slice(0, 10);
const stats = await team.stats.retrieve({ from: today, to: today, project_id: projectId });
const badFilter = await failure(() => team.messages.list({ 'filter[status]': 'lost' }));
const unknown = await failure(() => team.messages.retrieve('00000000-0000-0000-0000-000000000000'));
const badStats = await failure(() => team.stats.retrieve({ from: today }));

// MessageData beyond the summary on every event: Cc, Bcc, Reply-To, tags and the attachment list (own project, so
// the counts above stay those of the four mails)
const richProject = await team.projects.create({ name: 'Messages rich ' + env.RUN });
const richSend = await Lettermint.email(richProject.api_token, { baseUrl: env.BASE_URL })
  .from('Shop <shop@example.com>').to('Gina <gina@example.org>').cc('Erin <erin@example.org>')
  .bcc('frank@example.org').replyTo('Help <help@example.com>').subject(`${env.RUN} rich`).tag('invoice')
  .tags([{ name: 'order', value: '42' }]).text('Your invoice is attached.')
  .attach('invoice.txt', Buffer.from('Invoice 42\n').toString('base64'), undefined, 'text/plain').send();
let richList;
for (const until = Date.now() + 90_000; ;) {
  richList = await team.messages.list({ 'filter[project]': richProject.data.id, 'filter[status]': 'delivered' });
  if (richList.data.length === 1 || Date.now() > until) break;
  await new Promise((r) => setTimeout(r, 500));
}
const rich = await team.messages.retrieve(richSend.message_id);
console.log(JSON.stringify({ projectId, sent, all, welcome, bySearch, page1, page2, retrieved, events, source,
  html, text, stats, badFilter, unknown, badStats, rich, richList }));
