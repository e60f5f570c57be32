// Drives opens, clicks and unsubscribe through the official Lettermint SDK against the running suite (only baseUrl
// changed). In: BASE_URL, TEAM_TOKEN, PHASE and per phase:
//   setup:   DOMAIN                              -> project (id, token), routes, domain (with dns_records)
//   verify:  DOMAIN_ID, PROJECT_ID, ROUTE_ID, URL -> verified, webhook (on the route, opened/clicked/unsubscribed)
//   send:    PROJECT_TOKEN, FROM, TO (comma-separated), SUBJECT, HTML, ROUTE (optional), TRACK (true: opens and
//            clicks on)
//   events:  MESSAGE_ID                          -> the message's events as the SDK reads them
// Out: one JSON line.
import { Lettermint } from 'lettermint';

const env = process.env;
const team = Lettermint.api(env.TEAM_TOKEN, { baseUrl: env.BASE_URL });

let out;
if (env.PHASE === 'setup') {
  const project = await team.projects.create({ name: 'Tracking project' });
  const routes = await team.projects.routes(project.data.id);
  const domain = await team.domains.create({ domain: env.DOMAIN });
  out = { project: { id: project.data.id, token: project.api_token }, routes: routes.data, domain };
} else if (env.PHASE === 'verify') {
  const verified = await team.domains.verifyDnsRecords(env.DOMAIN_ID);
  await team.domains.updateProjects(env.DOMAIN_ID, { project_ids: [env.PROJECT_ID] });
  let webhook;
  for (let i = 0; ; i++) { // the route reaches webhook-service through route-changes, a moment after it exists
    try {
      webhook = await team.webhooks.create({ route_id: env.ROUTE_ID, name: 'Engagement', url: env.URL,
        events: ['message.opened', 'message.clicked', 'message.unsubscribed'] });
      break;
    } catch (e) {
      if (e.statusCode !== 404 || i > 100) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  out = { verified, webhook };
} else if (env.PHASE === 'send') {
  const email = Lettermint.email(env.PROJECT_TOKEN, { baseUrl: env.BASE_URL });
  let builder = email.from(env.FROM).to(...env.TO.split(',')).subject(env.SUBJECT).html(env.HTML);
  if (env.ROUTE) builder = builder.route(env.ROUTE);
  if (env.TRACK === 'true') builder = builder.settings({ track_opens: true, track_clicks: true });
  out = await builder.send();
} else {
  out = await team.messages.events(env.MESSAGE_ID);
}
console.log(JSON.stringify(out));
