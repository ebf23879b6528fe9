import type { Redis } from 'ioredis';

/**
 * Throws unless Redis runs with `maxmemory-policy noeviction`: with any other
 * policy Redis may silently delete queue keys under memory pressure, and
 * BullMQ jobs vanish. Reads CONFIG GET, falling back to INFO where a managed
 * Redis disables CONFIG.
 */
export async function assertNoEviction(client: Redis): Promise<void> {
  const policy = await readMaxmemoryPolicy(client);
  if (policy !== 'noeviction') {
    throw new Error(
      `Redis maxmemory-policy is "${policy}", but queues need "noeviction" (otherwise Redis may evict job keys under memory pressure). ` +
        'Set maxmemory-policy noeviction on the queue Redis; caches can use a separate instance via CACHE_REDIS_URL.',
    );
  }
}

async function readMaxmemoryPolicy(client: Redis): Promise<string> {
  try {
    const reply = (await client.config('GET', 'maxmemory-policy')) as string[];
    if (reply[1] !== undefined) return reply[1];
  } catch {
    // CONFIG disabled or renamed (managed Redis): INFO still reports the policy.
  }
  const info = await client.info('memory');
  const match = /^maxmemory_policy:(\S+)/m.exec(info);
  if (match === null) throw new Error('Could not read Redis maxmemory-policy (neither CONFIG GET nor INFO memory report it)');
  return match[1];
}
