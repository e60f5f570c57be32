// Drives the team surface of the running suite with the official Lettermint SDK, changing only its base URL.
// In: BASE_URL, TOKEN (a team token or an SSO JWT), PHASE (read | send | as-member | assign), TAG; for assign
// SUBJECT, ROLE_ID, OWNER_ROLE_ID. Out: one JSON line.
import { Lettermint, ValidationError } from 'lettermint';

const env = process.env;
const team = Lettermint.api(env.TOKEN, { baseUrl: env.BASE_URL });

async function failure(call) {
  try {
    await call();
    return null;
  } catch (e) {
    return { status: e.statusCode, body: e.responseBody, validation: e instanceof ValidationError };
  }
}

let out;
if (env.PHASE === 'read') {
  const before = await team.team.retrieve();
  const updated = await team.team.update({ name: 'Team ' + env.TAG });
  const after = await team.team.retrieve();
  const roles = await team.team.roles();
  const usage = await team.team.usage();
  const members = await team.team.members({ 'page[size]': '100' });
  const badName = await failure(() => team.team.update({ name: '' }));
  const unknown = await failure(() => team.team.member('00000000-0000-4000-8000-000000000000'));
  const unknownAssign = await failure(() => team.team.updateMemberAssignment('00000000-0000-4000-8000-000000000000',
    { role_id: roles.data[1].id, project_access: { scope: 'all' } }));
  out = { before, updated, after, roles, usage, members, badName, unknown, unknownAssign };
} else if (env.PHASE === 'send') {
  const project = await team.projects.create({ name: 'Usage ' + env.TAG });
  const email = Lettermint.email(project.api_token, { baseUrl: env.BASE_URL });
  const sent = await email.from('Shop <shop@example.com>').to('usage-' + env.TAG + '@example.org')
    .subject('Usage ' + env.TAG).text('Counted in the team usage.').send();
  out = { sent, usage: await team.team.usage() };
} else if (env.PHASE === 'usage') {
  out = await team.team.usage();
} else if (env.PHASE === 'as-member') {
  const retrieved = await failure(() => team.team.retrieve());
  const projects = await failure(() => team.projects.list());
  const rename = await failure(() => team.team.update({ name: 'Renamed by ' + env.TAG }));
  out = { retrieved, projects, rename };
} else {
  const members = await team.team.members({ 'page[size]': '100' });
  const member = members.data.find((m) => m.name === env.SUBJECT);
  const shown = await team.team.member(member.id);
  const owner = await failure(() => team.team.updateMemberAssignment(member.id,
    { role_id: env.OWNER_ROLE_ID, project_access: { scope: 'all' } }));
  const badScope = await failure(() => team.team.updateMemberAssignment(member.id,
    { role_id: env.ROLE_ID, project_access: { scope: 'selected', project_ids: ['nope'] } }));
  const assigned = await team.team.updateMemberAssignment(member.id,
    { role_id: env.ROLE_ID, project_access: { scope: 'all' } });
  out = { shown, owner, badScope, assigned };
}
console.log(JSON.stringify(out));
