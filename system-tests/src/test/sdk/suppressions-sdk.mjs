// Drives the suppressions surface of the running suite with the official Lettermint SDK, changing only its base URL.
// In: BASE_URL, TEAM_TOKEN, PHASE (project | send | manage | remove), TAG, and for send PROJECT_TOKEN, TO (comma
// separated), SUBJECT; for remove ID. Out: one JSON line.
import { Lettermint, ValidationError } from 'lettermint';

const env = process.env;
const team = Lettermint.api(env.TEAM_TOKEN, { baseUrl: env.BASE_URL });

async function failure(call) {
  try {
    await call();
    return null;
  } catch (e) {
    return { status: e.statusCode, body: e.responseBody, validation: e instanceof ValidationError };
  }
}

let out;
if (env.PHASE === 'project') {
  const project = await team.projects.create({ name: 'Suppressions ' + env.TAG });
  out = { id: project.data.id, token: project.api_token };
} else if (env.PHASE === 'send') {
  const email = Lettermint.email(env.PROJECT_TOKEN, { baseUrl: env.BASE_URL });
  out = await email.from('Shop <shop@example.com>').to(...env.TO.split(',')).subject(env.SUBJECT)
    .text('Hello from the suppressions test.').send();
} else if (env.PHASE === 'manage') {
  const manual = `manual-${env.TAG}@example.org`;
  const created = await team.suppressions.create({ emails: [manual, `@blocked-${env.TAG}.example`],
    reason: 'manual', scope: 'team' });
  const again = await team.suppressions.create({ email: manual, reason: 'manual', scope: 'team' });
  const listed = await team.suppressions.list({ 'filter[value]': env.TAG, 'filter[scope]': 'team',
    sort: 'value', 'page[size]': '1' });
  const next = await team.suppressions.list({ 'filter[value]': env.TAG, 'filter[scope]': 'team', sort: 'value',
    'page[size]': '1', 'page[cursor]': listed.next_cursor });
  const tooMany = await failure(() => team.suppressions.create({
    emails: Array.from({ length: 1001 }, (_, i) => `r${i}-${env.TAG}@example.org`), reason: 'manual', scope: 'team' }));
  const badScope = await failure(() => team.suppressions.create({ email: manual, reason: 'manual', scope: 'galaxy' }));
  const unknown = await failure(() => team.suppressions.delete('00000000-0000-4000-8000-000000000000'));
  out = { created, again, listed, next, tooMany, badScope, unknown };
} else {
  const removed = await team.suppressions.delete(env.ID);
  const listed = await team.suppressions.list({ 'filter[value]': env.TAG });
  out = { removed, listed };
}
console.log(JSON.stringify(out));
