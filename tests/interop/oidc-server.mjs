// An OpenID Certified token endpoint (panva/oidc-provider) for interop tests and benchmarks.
// Usage: node oidc-server.mjs [port] [accessTokenTtlSeconds]; prints "listening <port>" when ready.
// Clients: basic-client/basic-secret (client_secret_basic), post-client/post-secret (client_secret_post).
// GET /__count answers how many token requests arrived; POST /__reset zeroes it.
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? 0);
const ttl = Number(process.argv[3] ?? 3600);
let tokenRequests = 0;

const client = (id, secret, method) => ({
  client_id: id,
  client_secret: secret,
  grant_types: ['client_credentials'],
  redirect_uris: [],
  response_types: [],
  token_endpoint_auth_method: method,
});

const server = http.createServer();
server.listen(port, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      client('basic-client', 'basic-secret', 'client_secret_basic'),
      client('post-client', 'post-secret', 'client_secret_post'),
    ],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => 'urn:tokencache:api',
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'read write', accessTokenFormat: 'jwt', accessTokenTTL: ttl }),
      },
    },
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url === '/__count') {
      res.end(String(tokenRequests));
      return;
    }
    if (req.url === '/__reset') {
      tokenRequests = 0;
      res.end('0');
      return;
    }
    if (req.url.startsWith('/token')) tokenRequests += 1;
    callback(req, res);
  });
  console.log(`listening ${server.address().port}`);
});
