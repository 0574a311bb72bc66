import { describe, expect, it } from 'vitest';
import { ensureRedis, redisReachable } from '../../../src/platform/redis/local-redis.js';
import { freePort } from '../../support/local-processes.js';

describe('npm start makes sure Redis answers', () => {
  it('with no REDIS_URL and nothing listening, starts a local redis-server and stops it again', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    expect(await redisReachable(url)).toBe(false);
    const local = await ensureRedis({ url, explicit: false, prefix: 'tg' });
    try {
      expect(await redisReachable(url)).toBe(true);
    } finally {
      await local.stop();
    }
    expect(await redisReachable(url)).toBe(false);
  });

  it('uses a Redis that already answers and leaves it running', async () => {
    const local = await ensureRedis({ url: 'redis://127.0.0.1:6379', explicit: false, prefix: 'tg' });
    await local.stop();
    expect(await redisReachable('redis://127.0.0.1:6379')).toBe(true);
  });

  it('with a REDIS_URL that does not answer, stops with a message naming it instead of starting one', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    await expect(ensureRedis({ url, explicit: true, prefix: 'tg' })).rejects.toThrow(
      `Redis at REDIS_URL=${url} does not answer. Start it or point REDIS_URL at a running Redis.`,
    );
    expect(await redisReachable(url)).toBe(false);
  });

  it('with no redis-server installed, says how to provide Redis', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(ensureRedis({ url, explicit: false, prefix: 'tg' })).rejects.toThrow(
        /no redis-server is installed\. Install Redis .* or set REDIS_URL to a reachable Redis\./,
      );
    } finally {
      process.env.PATH = path;
    }
  });
});
