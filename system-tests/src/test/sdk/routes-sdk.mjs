// Drives the routes surface of the running suite with the official Lettermint SDK, changing only its base URL.
// In: BASE_URL, TEAM_TOKEN, SUBJECT. Out: one JSON line.
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

const project = await team.projects.create({ name: 'Routes project', smtp_enabled: true });
const projectId = project.data.id;
const created = await team.projects.createRoute(projectId, { name: 'Password resets', route_type: 'transactional' });
const routeId = created.data.id;
const listed = await team.projects.routes(projectId, { 'filter[route_type]': 'transactional' });
const retrieved = await team.routes.retrieve(routeId);
const updated = await team.routes.update(routeId, { name: 'Resets', settings: { track_opens: false, tls: 'enforced' } });
const inbound = await failure(() => team.routes.verifyInboundDomain(routeId));
const defaultDelete = await failure(() => team.routes.delete(project.data.default_route_id));
const badType = await failure(() => team.projects.createRoute(projectId, { name: 'x', route_type: 'marketing' }));

const email = Lettermint.email(project.api_token, { baseUrl: env.BASE_URL });
const sent = await email.from('Shop <hello@example.com>').to('alice@example.org').subject(env.SUBJECT)
  .text('Sent on a named route.').route(created.data.slug).send();
const sentDefault = await email.from('hello@example.com').to('alice@example.org').subject(env.SUBJECT + ' (default)')
  .text('Sent on the default route.').send();
const unknown = await failure(() => email.from('hello@example.com').to('alice@example.org')
  .subject(env.SUBJECT + ' (unknown)').text('Never sent.').route('no-such-route').send());

const retrievedProject = await team.projects.retrieve(projectId);
console.log(JSON.stringify({ project: { id: projectId, token: project.api_token, default_route_id:
  project.data.default_route_id, routes: project.data.routes }, created, listed, retrieved, updated, inbound,
  defaultDelete, badType, sent, sentDefault, unknown, retrievedProject }));
