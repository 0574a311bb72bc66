/** An integer environment setting: the fallback when unset or empty, else a whole number >= min. */
export function envInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`Environment variable ${name} must be an integer >= ${min}; got "${raw}".`);
  }
  return value;
}
