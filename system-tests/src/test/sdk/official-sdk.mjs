// Drives the running suite with the official Lettermint SDK, changing only its base URL.
// In: BASE_URL, TEAM_TOKEN, TO. Out (stdout): one JSON line with what the SDK returned.
import { Lettermint } from 'lettermint';

const baseUrl = process.env.BASE_URL;
const team = Lettermint.api(process.env.TEAM_TOKEN, { baseUrl });

const teamPing = await team.ping();
const created = await team.projects.create({ name: 'SDK project' });
const projectToken = created.api_token;
const fetched = await team.projects.retrieve(created.data.id);

const email = Lettermint.email(projectToken, { baseUrl });
const projectPing = await email.ping();
const sent = await email
  .from('SDK Sender <sdk@example.com>')
  .to(process.env.TO)
  .subject(process.env.SUBJECT)
  .text('Sent with the official SDK.')
  .idempotencyKey(process.env.SUBJECT)
  .send();
const again = await email
  .from('SDK Sender <sdk@example.com>')
  .to(process.env.TO)
  .subject(process.env.SUBJECT)
  .text('Sent with the official SDK.')
  .idempotencyKey(process.env.SUBJECT)
  .send();
const batch = await email.sendBatch([
  { from: 'sdk@example.com', to: [process.env.TO], subject: process.env.SUBJECT + ' (batch 1)', text: 'first of two' },
  { from: 'sdk@example.com', to: [process.env.TO], subject: process.env.SUBJECT + ' (batch 2)', text: 'second of two' },
]);

let validation = null;
try {
  await email.from('not an address').to('x@example.com').subject('s').text('body').send();
} catch (e) {
  validation = { status: e.statusCode, body: e.responseBody };
}

console.log(JSON.stringify({ teamPing, projectPing, projectId: created.data.id, fetchedName: fetched.name,
  sent, again, batch, validation }));
