/** This process's CPU time (user + system) in milliseconds since the meter was started. */
export function startCpuMeter(): { stopMs(): number } {
  const began = process.cpuUsage();
  return {
    stopMs() {
      const used = process.cpuUsage(began);
      return (used.user + used.system) / 1000;
    },
  };
}
