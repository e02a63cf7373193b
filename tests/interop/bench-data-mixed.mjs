// A second benchmark data set, made differently from bench-data.mjs so a result is not an artefact
// of one generator: JWTs of about 740 bytes with other claims, a third of the tokens expired (the
// JWT's exp passed while the key lives on) or expiring (under a minute left), keys of other types
// and single-flight locks under the scanned pattern, and filler values of varied sizes.
// Usage: node bench-data-mixed.mjs TOKENS TOTAL | redis-cli --pipe
const [tokens, total] = process.argv.slice(2).map(Number);
const b64url = (text) => Buffer.from(text).toString('base64url');
const resp = (...args) => `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid: 'mixed-2' }));
const signature = b64url('m'.repeat(270));
const now = Math.floor(Date.now() / 1000);
let chunk = '';
let written = 0;
const write = (...command) => {
  chunk += resp(...command);
  written++;
  if (chunk.length > 1 << 20) {
    process.stdout.write(chunk);
    chunk = '';
  }
};
for (let i = 0; i < tokens; i++) {
  const kind = i % 3; // 0: valid, 1: expired by its exp, 2: expiring
  const lifetime = [600, 1800, 86400][(i >> 2) % 3];
  const ttl = kind === 2 ? 5 + (i % 50) : 60 + ((i * 104729) % (lifetime - 60));
  const exp = kind === 1 ? now - 30 - (i % 300) : now + ttl;
  const claims = {
    iss: `https://idp-${i % 11}.mixed.example`, sub: `urn:svc:${i.toString(36)}`, aud: 'https://gateway.mixed.example',
    scope: ['read', 'read write', 'admin:metrics read', 'orders:create orders:read'][i % 4],
    iat: exp - lifetime, exp, nbf: exp - lifetime, jti: `${i}`.padStart(32, '0'), env: ['prod', 'staging'][i % 2],
    roles: ['svc', `team-${i % 23}`],
  };
  const value = JSON.stringify({ access_token: `${header}.${b64url(JSON.stringify(claims))}.${signature}`,
    token_type: i % 5 ? 'Bearer' : 'bearer', expires_in: lifetime, scope: claims.scope });
  write('SETEX', `oauth2token:mixed:${(i * 2654435761) % 4294967296}:${i}`, String(ttl), value);
  if (i % 500 === 0) write('SET', `{oauth2token:mixed:lock${i}}:lock`, `host-${i}:${process.pid}:${i}`, 'PX', '30000');
  if (i % 200 === 0) write('HSET', `oauth2token:mixed:hash${i}`, 'access_token', 'not-a-string-value');
  if (i % 250 === 0) write('SET', `oauth2token:mixed:garbage${i}`, '<html>502 Bad Gateway</html>');
}
for (let i = 0; written < total; i++) {
  const size = [8, 64, 300, 2000][i % 4];
  write('SET', `cache:${i % 7}:${i}`, 'v'.repeat(size));
}
process.stdout.write(chunk);
