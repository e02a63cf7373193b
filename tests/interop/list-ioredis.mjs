// What a user would script instead of `tokencache --headless list --json`: scanStream with
// COUNT 1000 and, per batch, GET + PTTL pipelined; prints a JSON array of {key, ttl_ms, value}.
// Usage: node list-ioredis.mjs REDIS_URL [PATTERN]
import Redis from 'ioredis';

const [url, pattern = '*oauth2token*'] = process.argv.slice(2);
const redis = new Redis(url);
const out = [];
const stream = redis.scanStream({ match: pattern, count: 1000 });
stream.on('data', async (keys) => {
  if (keys.length === 0) return;
  stream.pause();
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.get(key).pttl(key);
  const replies = await pipeline.exec();
  for (let i = 0; i < keys.length; i++) {
    let parsed = null;
    try { parsed = JSON.parse(replies[2 * i][1]); } catch { parsed = null; }
    out.push({ key: keys[i], ttl_ms: replies[2 * i + 1][1], token_type: parsed?.token_type ?? null, expires_in: parsed?.expires_in ?? null });
  }
  stream.resume();
});
stream.on('end', () => {
  process.stdout.write(JSON.stringify(out) + '\n');
  redis.disconnect();
});
