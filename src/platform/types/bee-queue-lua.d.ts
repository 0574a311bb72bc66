/** Bee-Queue's own Lua script loader (lib/lua/index.js of bee-queue 2.0.0), which it runs once when a queue connects. */
declare module 'bee-queue/lib/lua/index.js' {
  const scripts: {
    /** Loads every script Bee-Queue uses into the Redis behind `client` (a node_redis v3 client) unless it already has it. */
    buildCache(client: unknown): Promise<unknown>;
  };
  export default scripts;
}
