// Reads [{secret, headers, body}] from the file named by argv[2]; prints one JSON line per item:
// {"ok": true, "event": ...} or {"ok": false, "error": ...}, checked by the SDK's Webhook class unchanged.
const fs = require('fs');
const { Webhook } = require('lettermint');
const items = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const results = items.map(({ secret, headers, body }) => {
  try {
    const payload = new Webhook(secret).verifyHeaders(headers, Buffer.from(body, 'base64'));
    return { ok: true, event: payload.event, id: payload.id };
  } catch (e) {
    return { ok: false, error: e.name + ': ' + e.message };
  }
});
console.log(JSON.stringify(results));
