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
console.log(JSON.stringify(out));
