import { readFileSync } from 'node:fs';

/** CPU seconds another process has used (user + system), from /proc. */
export function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks
}

/** CPU seconds this process has used (user + system). */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * The share of one core each process used between `start()` and the returned `stop()`: which
 * side of a measurement was busy, and so which one set the figure.
 */
export function cpuShares(pids: Readonly<Record<string, number>>): () => Record<string, number> {
  const started = performance.now();
  const before = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, processCpuSeconds(pid)]),
  );
  const own = ownCpuSeconds();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const shares: Record<string, number> = { bench: (ownCpuSeconds() - own) / seconds };
    for (const [name, pid] of Object.entries(pids))
      shares[name] = (processCpuSeconds(pid) - before[name]!) / seconds;
    return shares;
  };
}
