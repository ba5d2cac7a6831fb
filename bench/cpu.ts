// Where the CPU goes during a benchmark: every process on the machine, grouped by what it is
// (an app by its working folder, a sidecar by its app id, PostgreSQL, Redis, the control
// plane), read from /proc before and after a run. Processes that began and ended inside the
// run are not counted (PostgreSQL's pooled backends live through it).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

const TICKS_PER_SECOND = 100;

export type CpuSnapshot = Map<number, { group: string; ticks: number }>;

function groupOf(pid: number, args: string[]): string | undefined {
  // PostgreSQL writes its own title over its command line ("postgres: 15/main: …").
  if (args[0]?.startsWith('postgres')) return 'postgres';
  const exe = path.basename(args[0] ?? '');
  if (exe === 'daprd') {
    const at = args.indexOf('--app-id');
    return `daprd ${at >= 0 ? args[at + 1] : '?'}`;
  }
  if (['placement', 'scheduler', 'sentry'].includes(exe)) return exe;
  if (exe.startsWith('redis-server')) return 'redis';
  if (exe === 'node' || exe.endsWith('/node')) {
    if (pid === process.pid) return 'bench (clients)';
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      return undefined;
    }
    const service = /services\/([^/]+)/.exec(cwd)?.[1];
    if (service) return service === 'gateway' ? 'gateway' : `${service}-service`;
    if (args.some((a) => a.includes('probe-workflow'))) return 'wfprobe-service';
  }
  return undefined;
}

/** The CPU ticks (user + system) each process of interest has used so far. */
export function cpuSnapshot(): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const group = groupOf(pid, args);
      if (!group) continue;
      // Fields after the command's closing parenthesis; utime and stime are the 14th and 15th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      snapshot.set(pid, { group, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return snapshot;
}

/** CPU per group between two snapshots, as cores busy (1.00 = one core all the time) and per unit of work. */
export function cpuReport(before: CpuSnapshot, after: CpuSnapshot, wallSeconds: number, units: number, unitName: string): string {
  const byGroup = new Map<string, number>();
  for (const [pid, now] of after) {
    const ticks = now.ticks - (before.get(pid)?.ticks ?? now.ticks);
    byGroup.set(now.group, (byGroup.get(now.group) ?? 0) + ticks);
  }
  const rows = [...byGroup].filter(([, ticks]) => ticks > 0).sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, ticks]) => sum + ticks, 0);
  const line = (name: string, ticks: number) => {
    const seconds = ticks / TICKS_PER_SECOND;
    return `      ${name.padEnd(26)} ${(seconds / wallSeconds).toFixed(2).padStart(5)} cores  ${((seconds * 1000) / Math.max(units, 1)).toFixed(1).padStart(7)} ms per ${unitName}  ${((100 * ticks) / Math.max(total, 1)).toFixed(0).padStart(3)} %`;
  };
  return [...rows.map(([name, ticks]) => line(name, ticks)), line('all', total)].join('\n');
}

/** Resident memory per group now (MiB), from each process's VmRSS: for idle and under-load figures. */
export function rssSnapshot(): Map<string, number> {
  const byGroup = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const group = groupOf(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean));
      if (!group) continue;
      const kib = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      byGroup.set(group, (byGroup.get(group) ?? 0) + kib / 1024);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return byGroup;
}
