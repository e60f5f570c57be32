// The official Lettermint SDK's projects surface against token-service, changing only its base URL.
// In: BASE_URL, TOKEN (the bearer the edge would forward: an internal JWT). Out: one JSON line.
import { Lettermint, ValidationError } from 'lettermint';

const api = Lettermint.api(process.env.TOKEN, { baseUrl: process.env.BASE_URL });
const out = {};
const failure = (e) => ({ validation: e instanceof ValidationError, status: e.statusCode, body: e.responseBody });

out.created = await api.projects.create({ name: 'SDK one', smtp_enabled: true });
out.createdShort = await api.projects.create({ name: 'SDK two', short_token: true });
out.page1 = await api.projects.list({ per_page: 1 });
out.page2 = await api.projects.list({ per_page: 1, cursor: out.page1.next_cursor });
out.retrieved = await api.projects.retrieve(out.created.data.id);
out.updated = await api.projects.update(out.created.data.id, { name: 'SDK renamed', smtp_enabled: false });
out.rotated = await api.projects.rotateToken(out.created.data.id);
out.deleted = await api.projects.delete(out.createdShort.data.id);
try {
  await api.projects.retrieve(out.createdShort.data.id);
} catch (e) {
  out.notFound = failure(e);
}
try {
  await api.projects.create({ name: '' });
} catch (e) {
  out.invalid = failure(e);
}
// routes: projects.routes/createRoute and the routes surface
const projectId = out.created.data.id;
out.route = await api.projects.createRoute(projectId, { name: 'SDK route', route_type: 'broadcast', slug: 'sdk' });
out.routes = await api.projects.routes(projectId, { 'filter[route_type]': 'broadcast', sort: 'slug' });
out.routeRetrieved = await api.routes.retrieve(out.route.data.id);
out.routeUpdated = await api.routes.update(out.route.data.id, { name: 'SDK route 2', settings: { track_clicks: true } });
try {
  await api.routes.delete(out.retrieved.default_route_id);
} catch (e) {
  out.defaultKept = failure(e);
}
try {
  await api.routes.verifyInboundDomain(out.route.data.id);
} catch (e) {
  out.inbound = failure(e);
}
out.routeDeleted = await api.routes.delete(out.route.data.id);
out.blocked = await api.blockedFileTypes();
console.log(JSON.stringify(out));
