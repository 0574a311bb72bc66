import { createClient, type RedisClientType } from 'redis';

/** The command connection every process keeps; subscriber connections are created by the event bus. */
export interface RedisConnections {
  url: string;
  prefix: string;
  commands: RedisClientType;
  close(): Promise<void>;
}

export async function connectRedis(url: string, prefix: string): Promise<RedisConnections> {
  const commands: RedisClientType = createClient({ url });
  commands.on('error', () => {
    /* reconnects automatically; health checks report the outage */
  });
  await commands.connect();
  return {
    url,
    prefix,
    commands,
    async close() {
      if (commands.isOpen) await commands.quit();
    },
  };
}
