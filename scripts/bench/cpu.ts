// CPU time a process has used, from /proc/<pid>/stat (utime + stime: every thread of it, GC and libuv's
// pool included), for "server CPU µs per request": what a row's server spent, whatever the generator did;
// and its context switches, from /proc/<pid>/task/*/status, for what an order's CPU depends on at low
// rates: a wake-up from idle costs this VM 0.05-0.35 ms of CPU (docs/performance.md, "Orders end to end").
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second, the unit of /proc/<pid>/stat's times. */
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** µs of CPU `pid` has used so far, or null where there is no /proc (not Linux) or the process is gone. */
export function cpuMicros(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields 14 and 15 (utime, stime), counted after the command name, which may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond;
  } catch {
    return null;
  }
}

/**
 * Context switches of every live thread of `pid` so far (voluntary: it waited and was woken; involuntary:
 * it was preempted), or null where there is no /proc or the process is gone. A thread that exited is
 * missed: an undercount, never an overcount.
 */
export function contextSwitches(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    return readdirSync(`/proc/${pid}/task`).reduce((sum, task) => {
      try {
        const status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
        return sum + [...status.matchAll(/ctxt_switches:\s+(\d+)/g)].reduce((switches, [, count]) => switches + Number(count), 0);
      } catch {
        return sum;
      }
    }, 0);
  } catch {
    return null;
  }
}

/** A count a process only adds to (CPU µs, context switches) so far, or null where /proc cannot say. */
type Counter = (pid: number | undefined) => number | null;

/** µs the whole machine has spent busy so far (user, nice, system, irq, softirq, steal: every process and the kernel's work), from /proc/stat. */
export function machineBusyMicros(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return ((user! + nice! + system! + irq! + softirq! + steal!) * 1e6) / ticksPerSecond;
}

/** Starts counting `pid`'s `counter`; the function returned gives what it added since. */
function meter(counter: Counter, pid: number | undefined): () => number | null {
  const start = counter(pid);
  return () => {
    const now = counter(pid);
    return start === null || now === null ? null : now - start;
  };
}

/** Starts counting `pid`'s CPU; the function returned gives the µs used since. */
export const cpuMeter = (pid: number | undefined) => meter(cpuMicros, pid);

/** Starts counting `pid`'s context switches; the function returned gives those since. */
export const switchesMeter = (pid: number | undefined) => meter(contextSwitches, pid);

/** Starts counting this process's own CPU (user + system); the function returned gives the µs used since. */
export function ownCpuMeter(): () => number {
  const start = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(start);
    return used.user + used.system;
  };
}

/** CPU µs over wall-clock seconds: the share of one core used, two decimals; null without a measurement. */
export const coreShare = (micros: number | null, seconds: number): number | null => (micros === null || seconds <= 0 ? null : Math.round(micros / seconds / 1e4) / 100);

/** µs per answer, one decimal; null without a measurement or answers. */
export const perRequest = (micros: number | null, answers: number): number | null =>
  micros === null || answers <= 0 ? null : Math.round((micros / answers) * 10) / 10;

/** A load generator at this share of its core or more may be what limits the rate: its row is no result. */
export const saturatedAt = 0.9;

/** The pids of the processes whose command name (/proc/<pid>/comm) is one of `names`, and whose command line (its title, for PostgreSQL's) matches `title` if given. */
function pidsNamed(names: readonly string[], title?: RegExp): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          if (!names.includes(readFileSync(`/proc/${pid}/comm`, 'utf8').trim())) return false;
          return !title || title.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * Starts counting `counter` over every process named `names` (e.g. PostgreSQL's server and its
 * backends), only those whose command line matches `title` if given; the function returned gives what
 * they added since, a process started meanwhile counted whole. A process that exited meanwhile is
 * missed: an undercount, never an overcount. Null without /proc.
 */
function namedMeter(counter: Counter, names: readonly string[], title?: RegExp): () => number | null {
  const start = new Map(pidsNamed(names, title).map((pid) => [pid, counter(pid) ?? 0]));
  if (start.size === 0) return () => null;
  return () => pidsNamed(names, title).reduce((sum, pid) => sum + Math.max(0, (counter(pid) ?? 0) - (start.get(pid) ?? 0)), 0);
}

/** Starts counting the CPU µs of every process named `names` (and titled `title`), as namedMeter. */
export const namedCpuMeter = (names: readonly string[], title?: RegExp) => namedMeter(cpuMicros, names, title);

/** Starts counting the context switches of every process named `names` (and titled `title`), as namedMeter. */
export const namedSwitchesMeter = (names: readonly string[], title?: RegExp) => namedMeter(contextSwitches, names, title);
