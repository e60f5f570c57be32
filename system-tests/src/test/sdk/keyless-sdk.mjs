// Sends one mail with the official Lettermint SDK and a token minted for a trusted workload (POST /v1/oidc/token),
// changing only the SDK's base URL. In: BASE_URL, PROJECT_TOKEN, TO, SUBJECT. Out: one JSON line.
import { Lettermint } from 'lettermint';

const env = process.env;
const email = Lettermint.email(env.PROJECT_TOKEN, { baseUrl: env.BASE_URL });
const sent = await email.from('CI <ci@example.com>').to(env.TO).subject(env.SUBJECT)
  .text('Sent by a workload without a stored token.').send();
console.log(JSON.stringify(sent));
