// A token endpoint for scripts/soak.sh: unsigned JWTs living LIFETIME seconds, and HTTP 500 for
// one request in FAIL_EVERY. Logs "issued TOKEN EXP_MS" and "failed" lines to stdout.
// Usage: node soak-endpoint.mjs PORT LIFETIME FAIL_EVERY
import http from 'node:http';

const [port, lifetime, failEvery] = process.argv.slice(2).map(Number);
const b64url = (object) => Buffer.from(JSON.stringify(object)).toString('base64url');
let calls = 0;

const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    calls += 1;
    if (calls % failEvery === 0) {
      console.log('failed');
      response.writeHead(500, { 'Content-Type': 'text/plain' }).end('soak: injected failure');
      return;
    }
    const now = Date.now();
    const exp = Math.floor(now / 1000) + lifetime;
    const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'soak', exp, jti: `${calls}` })}.c29haw`;
    console.log(`issued ${token} ${exp * 1000}`);
    response.writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: lifetime }));
  });
});
server.listen(port, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
