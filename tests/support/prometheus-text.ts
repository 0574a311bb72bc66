/**
 * The value of one series in a Prometheus text exposition, matched by metric name and exact label
 * set; 0 when the series is absent (a counter never incremented, a gauge with nothing to count).
 */
export function metricValue(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    if (match[2]!.split(',').sort().join(',') === wanted) return Number(match[3]);
  }
  return 0;
}
