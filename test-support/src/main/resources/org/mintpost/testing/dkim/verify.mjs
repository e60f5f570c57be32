// Verifies the DKIM signatures of one message with mailauth (postalsys), asking the given DNS server for the
// keys, as a receiving mail server would. Usage: DNS_SERVER=127.0.0.1:5353 node verify.mjs message.eml
// Prints one JSON line: {"results": [{"result", "domain", "selector", "info"}]}.
import { readFileSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { dkimVerify } = require('mailauth/lib/dkim/verify');

const dns = new Resolver({ timeout: 3000, tries: 1 });
dns.setServers([process.env.DNS_SERVER]);
const resolver = (name, rrtype) => dns.resolve(name, rrtype);

const message = readFileSync(process.argv[2]);
const verified = await dkimVerify(message, { resolver });
console.log(JSON.stringify({
  results: verified.results.map(r => ({
    result: r.status.result,
    domain: r.signingDomain,
    selector: r.selector,
    info: r.info,
    comment: r.status.comment || null
  }))
}));
