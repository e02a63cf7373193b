// The plain cache-aside pattern as a Node service writes it, on ioredis:
// GET key; on a hit JSON.parse and use it; on a miss POST client credentials and
// SETEX key expires_in JSON.stringify(response). Prints the access token.
// Usage: node plain-service.mjs REDIS_URL KEY TOKEN_URL CLIENT_ID CLIENT_SECRET
import Redis from 'ioredis';

const [redisUrl, key, tokenUrl, clientId, clientSecret] = process.argv.slice(2);
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });

async function fetchToken() {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'Basic ' + Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64'),
    },
    body: 'grant_type=client_credentials',
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${body.error}: ${body.error_description}`);
  return body;
}

try {
  const cached = await redis.get(key);
  let token;
  if (cached) {
    token = JSON.parse(cached);
  } else {
    token = await fetchToken();
    if (token.access_token && token.expires_in) await redis.setex(key, token.expires_in, JSON.stringify(token));
  }
  console.log(token.access_token);
} catch (error) {
  console.error(`plain-service: ${error.message}`);
  process.exitCode = 1;
} finally {
  redis.disconnect();
}
