/** Formatting shared by the capture persist benchmark's output. */
export const print = (line = '') => process.stdout.write(`${line}\n`);

export const secs = (seconds: number) => `${seconds.toFixed(2)} s`;

export const perSecond = (count: number, seconds: number) => Math.round(count / seconds).toLocaleString('en-US');

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? (sorted[middle - 1]! + sorted[middle]!) / 2 : sorted[Math.floor(middle)]!;
}

/** "median X (min Y, max Z)" with `format` applied to each figure; just X for a single value. */
export function spread(values: number[], format: (value: number) => string): string {
  if (values.length === 1) return format(values[0]!);
  return `median ${format(median(values))} (min ${format(Math.min(...values))}, max ${format(Math.max(...values))})`;
}

/** One line per phase: its seconds in each measurement, then its median share of the total. */
export function printPhases(measurements: { seconds: number; phases: [string, number][] }[]): void {
  const labels = measurements[0]!.phases.map(([label]) => label);
  const width = Math.max(...labels.map((label) => label.length));
  print(`    ${'phase'.padEnd(width)} ${measurements.map((_, index) => `#${index + 1}`.padStart(9)).join(' ')}   share`);
  labels.forEach((label, row) => {
    const values = measurements.map((measurement) => measurement.phases[row]![1]);
    const share = median(measurements.map((measurement) => (100 * measurement.phases[row]![1]) / measurement.seconds));
    print(`    ${label.padEnd(width)} ${values.map((value) => secs(value).padStart(9)).join(' ')}   ${share.toFixed(1).padStart(5)}%`);
  });
}
