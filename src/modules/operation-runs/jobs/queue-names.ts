/** Bee-Queue key prefix and queue name for an operation type; one queue per type. */
export function beeQueuePrefix(redisPrefix: string): string {
  return `${redisPrefix}:bq`;
}

export function queueName(type: string): string {
  return `runs.${type}`;
}
