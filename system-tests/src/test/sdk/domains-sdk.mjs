// Drives the domains surface of the running suite with the official Lettermint SDK, changing only its base URL.
// In: BASE_URL, TEAM_TOKEN, PHASE (create | verify | delete), and for verify/delete DOMAIN_ID, PROJECT_ID,
// PROJECT_TOKEN, POLICY_BASE_URL (a gateway with the sender policy on), SUBJECT. Out: one JSON line.
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
if (env.PHASE === 'create') {
  const project = await team.projects.create({ name: 'Domains project', smtp_enabled: true });
  const domain = await team.domains.create({ domain: env.DOMAIN });
  const early = await failure(() => team.domains.verifyDnsRecords(domain.id));
  const duplicate = await failure(() => team.domains.create({ domain: env.DOMAIN }));
  const invalid = await failure(() => team.domains.create({ domain: 'not a domain' }));
  out = { project: { id: project.data.id, token: project.api_token }, domain, early, duplicate, invalid };
} else if (env.PHASE === 'verify') {
  const verified = await team.domains.verifyDnsRecords(env.DOMAIN_ID);
  const record = await team.domains.verifyDnsRecord(env.DOMAIN_ID, env.RECORD_ID);
  const attached = await team.domains.updateProjects(env.DOMAIN_ID, { project_ids: [env.PROJECT_ID] });
  const retrieved = await team.domains.retrieve(env.DOMAIN_ID);
  const listed = await team.domains.list({ 'filter[status]': 'verified', 'filter[domain]': env.DOMAIN,
    'page[size]': '10' });
  const email = Lettermint.email(env.PROJECT_TOKEN, { baseUrl: env.POLICY_BASE_URL });
  const sent = await email.from(`Shop <hello@${env.DOMAIN}>`).to('alice@example.org').subject(env.SUBJECT)
    .text('Signed with the domain key.').send();
  const refused = await failure(() => email.from('hello@unverified.example').to('alice@example.org')
    .subject(env.SUBJECT + ' (refused)').text('Never sent.').send());
  out = { verified, record, attached, retrieved, listed, sent, refused };
} else {
  const deleted = await team.domains.delete(env.DOMAIN_ID);
  const gone = await failure(() => team.domains.retrieve(env.DOMAIN_ID));
  out = { deleted, gone };
}
console.log(JSON.stringify(out));
