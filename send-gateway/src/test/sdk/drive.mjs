// Drives the official Lettermint SDK against the gateway; prints one JSON object with what it saw.
// env: BASE_URL (…/v1), PROJECT_TOKEN, TEAM_TOKEN
import { Lettermint } from 'lettermint';

const base = process.env.BASE_URL;
const out = {};

async function attempt(name, fn) {
  try {
    out[name] = { ok: true, value: await fn() };
  } catch (e) {
    out[name] = { ok: false, name: e.name, status: e.statusCode, body: e.responseBody, message: e.message };
  }
}

const email = Lettermint.email(process.env.PROJECT_TOKEN, { baseUrl: base });
await attempt('ping', () => email.ping());
await attempt('send', () => email
  .from('Mintpost SDK <sdk@example.com>')
  .to('rcpt@example.org')
  .subject('From the official SDK')
  .text('Hello from the official SDK')
  .tags([{ name: 'source', value: 'sdk-test' }])
  .metadata({ run: 'sdk' })
  .send());
await attempt('idempotent1', () => email.from('sdk@example.com').to('a@example.org').subject('Once')
  .text('Only once please').idempotencyKey('sdk-' + process.env.RUN_ID).send());
await attempt('idempotent2', () => email.from('sdk@example.com').to('a@example.org').subject('Once')
  .text('Only once please').idempotencyKey('sdk-' + process.env.RUN_ID).send());
await attempt('batch', () => email.sendBatch([
  { from: 'sdk@example.com', to: ['one@example.org'], subject: 'One', text: 'First of two' },
  { from: 'sdk@example.com', to: ['two@example.org'], subject: 'Two', html: '<p>Second of two</p>' },
]));
await attempt('invalid', () => email.from('not an address').to('x').subject('Bad').text('bad').send());
await attempt('badToken', () => Lettermint.email('lm_wrong', { baseUrl: base }).ping());
const api = Lettermint.api(process.env.TEAM_TOKEN, { baseUrl: base });
await attempt('teamPing', () => api.ping());
await attempt('projects', () => api.projects.list());
console.log(JSON.stringify(out));
