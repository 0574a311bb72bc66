/**
 * Runs `work`, then `close`, also when `work` throws; on Ctrl-C or SIGTERM meanwhile, runs `close`
 * and exits 130. How every bench deletes the databases and Redis prefixes it made.
 */
export async function closingOnInterrupt(close: () => Promise<unknown>, work: () => Promise<void>): Promise<void> {
  const interrupt = () => void close().finally(() => process.exit(130));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await work();
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await close();
  }
}
