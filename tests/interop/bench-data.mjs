// Writes Redis protocol for `redis-cli --pipe`: TOKENS token entries as services write them
// (JSON responses holding JWTs of about 900 bytes, varied TTLs) plus filler keys up to TOTAL.
// Usage: node bench-data.mjs TOKENS TOTAL | redis-cli --pipe
const [tokens, total] = process.argv.slice(2).map(Number);
const b64url = (text) => Buffer.from(text).toString('base64url');
const resp = (...args) => `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'at+jwt', kid: 'bench-key-1' }));
const signature = b64url('s'.repeat(256));
const now = Math.floor(Date.now() / 1000);
let chunk = '';
const flush = (force) => {
  if (force || chunk.length > 1 << 20) {
    process.stdout.write(chunk);
    chunk = '';
  }
};
for (let i = 0; i < tokens; i++) {
  const lifetime = [300, 900, 3600, 7200][i % 4];
  const ttl = 1 + ((i * 7919) % lifetime);
  const claims = {
    iss: 'https://login.bench.example/realms/services', sub: `service-${i}`, aud: ['https://api.bench.example', 'billing'],
    client_id: `service-${i}`, scope: 'invoices:read invoices:write payments:read customers:read', azp: `service-${i}`,
    iat: now - (lifetime - ttl), exp: now + ttl, jti: `${i}-${'x'.repeat(24)}`, tenant: `tenant-${i % 97}`,
  };
  const jwt = `${header}.${b64url(JSON.stringify(claims))}.${signature}`;
  const value = JSON.stringify({ access_token: jwt, token_type: 'Bearer', expires_in: lifetime, scope: claims.scope });
  chunk += resp('SETEX', `oauth2token:bench:${i}`, String(ttl), value);
  flush(false);
}
for (let i = tokens; i < total; i++) {
  chunk += resp('SET', `session:${i}`, 'x'.repeat(40));
  flush(false);
}
flush(true);
