// An OpenID Certified token endpoint (panva/oidc-provider) for interop tests and benchmarks.
//
// Usage: node oidc-server.mjs [port] [accessTokenTtlSeconds] [--tls DIR] [--client-keys F1,F2,...]
//                             [--self-signed-cert FILE]
// Prints "listening <port>" when ready. Port 0 (the default) picks a free one; the TTL defaults to 3600.
//   --tls DIR                serve HTTPS with DIR/server.crt and DIR/server.key; client certificates are
//                            requested but not required, and verified against DIR/ca.crt. The issuer is
//                            then https://127.0.0.1:<port>, and mTLS (RFC 8705) is on: tls_client_auth,
//                            self_signed_tls_client_auth, certificate-bound access tokens (cnf.x5t#S256),
//                            and discovery publishes mtls_endpoint_aliases (the same URLs).
//   --client-keys F1,F2      PEM private keys (RSA or EC) whose public halves make jwt-client's JWKS; each
//                            key's kid is its file name without extension (rsa.key -> "rsa").
//   --self-signed-cert FILE  PEM certificate that selfsigned-client authenticates with (needs --tls).
//
// Clients (grant type client_credentials only):
//   id                 secret                                     token_endpoint_auth_method
//   basic-client       basic-secret                               client_secret_basic
//   post-client        post-secret                                client_secret_post
//   hmac-client        hmac-client-secret-of-at-least-32-bytes!   client_secret_jwt (HS256)
//   jwt-client         -                                          private_key_jwt (RS256, PS256, ES256)
//                                                                 only with --client-keys
//   tls-client         -                                          tls_client_auth, subject DN
//                                                                 "CN=tokencache client", only with --tls
//   selfsigned-client  -                                          self_signed_tls_client_auth, only with
//                                                                 --tls and --self-signed-cert
// tls-client's and selfsigned-client's access tokens are bound to their certificate (cnf.x5t#S256).
// A client assertion's aud may be the issuer, the token endpoint URL, or the URL it is posted to.
//
// Resources: urn:tokencache:api (the default) gets JWT access tokens; urn:tokencache:opaque (request it with
// resource=urn:tokencache:opaque) gets opaque ones, which introspection (/token/introspection) and revocation
// (/token/revocation) know about; oidc-provider does not store JWT access tokens.
// GET /__count answers how many requests reached the token endpoint (/token); POST /__reset zeroes it.
// Why a request failed (e.g. "invalid secret provided") goes to stderr.
import { X509Certificate, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import Provider from 'oidc-provider';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    tls: { type: 'string' },
    'client-keys': { type: 'string' },
    'self-signed-cert': { type: 'string' },
  },
});
const port = Number(positionals[0] ?? 0);
const ttl = Number(positionals[1] ?? 3600);
const tlsDir = options.tls;
let tokenRequests = 0;

const client = (id, method, metadata = {}) => ({
  client_id: id,
  grant_types: ['client_credentials'],
  redirect_uris: [],
  response_types: [],
  token_endpoint_auth_method: method,
  ...metadata,
});

const clients = [
  client('basic-client', 'client_secret_basic', { client_secret: 'basic-secret' }),
  client('post-client', 'client_secret_post', { client_secret: 'post-secret' }),
  client('hmac-client', 'client_secret_jwt', { client_secret: 'hmac-client-secret-of-at-least-32-bytes!' }),
];
if (options['client-keys']) {
  const keys = options['client-keys'].split(',').map((file) => ({
    ...createPublicKey(readFileSync(file)).export({ format: 'jwk' }),
    kid: basename(file, extname(file)),
  }));
  clients.push(client('jwt-client', 'private_key_jwt', { jwks: { keys } }));
}
if (tlsDir) {
  clients.push(client('tls-client', 'tls_client_auth', {
    tls_client_auth_subject_dn: 'CN=tokencache client',
    tls_client_certificate_bound_access_tokens: true,
  }));
  if (options['self-signed-cert']) {
    const cert = new X509Certificate(readFileSync(options['self-signed-cert']));
    const key = { ...cert.publicKey.export({ format: 'jwk' }), x5c: [cert.raw.toString('base64')] };
    clients.push(client('selfsigned-client', 'self_signed_tls_client_auth', {
      jwks: { keys: [key] },
      tls_client_certificate_bound_access_tokens: true,
    }));
  }
}

// The peer certificate of the request's TLS connection, if the client sent one.
const peerCertificate = (ctx) => ctx.socket.getPeerX509Certificate?.();
// X509Certificate.subject has one RDN a line, most significant first; RFC 4514 joins them reversed by commas.
const subjectDn = (cert) => cert.subject.split('\n').reverse().join(',');

const server = tlsDir
  ? https.createServer({
    cert: readFileSync(join(tlsDir, 'server.crt')),
    key: readFileSync(join(tlsDir, 'server.key')),
    ca: readFileSync(join(tlsDir, 'ca.crt')),
    requestCert: true,
    rejectUnauthorized: false,
  })
  : http.createServer();
server.listen(port, '127.0.0.1', () => {
  const issuer = `${tlsDir ? 'https' : 'http'}://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients,
    clientAuthMethods: [
      'none', 'client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt',
      ...(tlsDir ? ['tls_client_auth', 'self_signed_tls_client_auth'] : []),
    ],
    enabledJWA: { clientAuthSigningAlgValues: ['HS256', 'RS256', 'PS256', 'ES256'] },
    discovery: tlsDir
      ? {
        mtls_endpoint_aliases: {
          token_endpoint: `${issuer}/token`,
          introspection_endpoint: `${issuer}/token/introspection`,
          revocation_endpoint: `${issuer}/token/revocation`,
        },
      }
      : {},
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => 'urn:tokencache:api',
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource) => ({
          scope: 'read write',
          accessTokenFormat: resource === 'urn:tokencache:opaque' ? 'opaque' : 'jwt',
          accessTokenTTL: ttl,
        }),
      },
      mTLS: {
        enabled: Boolean(tlsDir),
        certificateBoundAccessTokens: true,
        tlsClientAuth: true,
        selfSignedTlsClientAuth: true,
        getCertificate: peerCertificate,
        certificateAuthorized: (ctx) => ctx.socket.authorized === true,
        certificateSubjectMatches: (ctx, property, expected) => property === 'tls_client_auth_subject_dn'
          && subjectDn(peerCertificate(ctx)) === expected,
      },
    },
  });
  // oidc-provider answers only "client authentication failed" and the like; say why on stderr.
  for (const event of ['grant.error', 'introspection.error', 'revocation.error', 'server_error']) {
    provider.on(event, (ctx, error) => console.error(`${event}: ${error.error_detail ?? error.message}`));
  }
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
    if (req.url.split('?')[0] === '/token') tokenRequests += 1;
    callback(req, res);
  });
  console.log(`listening ${server.address().port}`);
});
