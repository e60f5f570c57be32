// redact_email_content with the official Lettermint SDK, changing only the base URL. In: BASE_URL, TEAM_TOKEN, RUN.
// Creates a project and turns redact_email_content on, then sends messages (up to a few, until one reaches the edge
// after the setting did) and reads each one's source, html and text once delivered. Out: one JSON line.
import { Lettermint } from 'lettermint';

const env = process.env;
const team = Lettermint.api(env.TEAM_TOKEN, { baseUrl: env.BASE_URL });

async function failure(call) {
  try {
    return { ok: await call() };
  } catch (e) {
    return { status: e.statusCode, body: e.responseBody };
  }
}

const project = await team.projects.create({ name: 'Redacted ' + env.RUN });
const updated = await team.projects.update(project.data.id, { redact_email_content: true });
const email = Lettermint.email(project.api_token, { baseUrl: env.BASE_URL });
const tries = [];
for (let i = 0; i < 5; i++) {
  const sent = await email.from('shop@example.com').to('private@example.org').subject(`${env.RUN} (redacted ${i})`)
    .html('<p>Your one-time code is 424242</p>').text('Your one-time code is 424242').send();
  let message;
  for (const until = Date.now() + 60_000; ;) {
    message = await team.messages.retrieve(sent.message_id).catch(() => null);
    if ((message && message.status === 'delivered') || Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  // the content record follows the delivered event; give it a moment before reading
  await new Promise((r) => setTimeout(r, 1500));
  const content = {
    id: sent.message_id, subject: `${env.RUN} (redacted ${i})`, status: message && message.status,
    source: await failure(() => team.messages.source(sent.message_id)),
    html: await failure(() => team.messages.html(sent.message_id)),
    text: await failure(() => team.messages.text(sent.message_id)),
  };
  tries.push(content);
  if (content.source.status === 404 && JSON.stringify(content.source.body).includes('redact')) break;
}
console.log(JSON.stringify({ updated, tries }));
