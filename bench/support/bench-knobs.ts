/** A benchmark setting from `--flag=value` or an environment variable (the flag wins), else the fallback. */
export function knob(flag: string, variable: string, fallback: string): string {
  const prefix = `--${flag}=`;
  const fromFlag = process.argv.slice(2).find((arg) => arg.startsWith(prefix));
  return fromFlag?.slice(prefix.length) ?? process.env[variable] ?? fallback;
}

/** A whole-number setting of at least `min`. */
export function wholeKnob(flag: string, variable: string, fallback: number, min: number): number {
  const value = Number(knob(flag, variable, String(fallback)));
  if (!Number.isInteger(value) || value < min) throw new Error(`--${flag} / ${variable} must be a whole number >= ${min}.`);
  return value;
}

/** Refuses arguments that are not `--name=value` for one of `flags`. */
export function rejectUnknownArguments(flags: string[], source: string): void {
  const unknown = process.argv.slice(2).filter((arg) => !flags.some((flag) => arg.startsWith(`--${flag}=`)));
  if (unknown.length > 0) throw new Error(`Unknown argument(s): ${unknown.join(' ')} (see the top of ${source}).`);
}
