// `npx tsx scripts/bench/drain-cpu.ts -- <command…>`: runs the command (a bench, of this checkout or of
// another revision's worktree) and measures from outside what its order drain costs the whole machine:
// busy CPU from /proc/stat (every process, whatever it is: the bench's own too) against the bench
// customer's final orders, sampled every 0.5 s. Prints orders/s and machine CPU µs an order over the
// whole drain and over its second half (the orders after half are final: warm processes). One measure
// for code whose bench counted fewer processes, to compare revisions run in the same minutes.
// It measures one drain: the last one since the bench database was last made (so `bench:orders`, not
// with BENCH_SUSTAINED=1, whose sustained row's orders join the same drain). This process takes the
// bench's environment and core 1 from scripts/bench/setup.ts, as the bench's own process does.
import { spawn } from 'node:child_process';
import postgres from 'postgres';
import { machineBusyMicros } from './cpu';
import { benchOrdersFinal } from './orders';
import { benchEnv, sleep } from './setup';

interface Sample {
  at: number;
  busyMicros: number;
  final: number;
}

/** The bench customer's final orders now; null while the bench database is being made. */
async function finalOrders(sql: postgres.Sql): Promise<number | null> {
  try {
    return (await benchOrdersFinal(sql)).done;
  } catch {
    return null;
  }
}

/** The last drain among the samples: from the sample before its count first rose to the first at its final count. */
function describeDrain(samples: Sample[]): string {
  const lastReset = samples.findLastIndex((sample, index) => index > 0 && sample.final < samples[index - 1]!.final);
  const run = samples.slice(Math.max(0, lastReset));
  const start = Math.max(0, run.findIndex((sample, index) => index > 0 && sample.final > run[index - 1]!.final) - 1);
  const endCount = run.at(-1)!.final;
  const end = run.findIndex((sample) => sample.final === endCount);
  const orders = endCount - run[start]!.final;
  if (orders <= 0) return 'no orders became final';
  const half = run.findIndex((sample) => sample.final - run[start]!.final >= orders / 2);
  const span = (from: number, to: number) => {
    const [a, b] = [run[from]!, run[to]!];
    const done = b.final - a.final;
    if (done <= 0 || b.at <= a.at) return 'too short to tell';
    return `${Math.round(done / ((b.at - a.at) / 1000))}/s at ${Math.round((b.busyMicros - a.busyMicros) / done)} µs of machine CPU an order`;
  };
  return `${orders} orders final; whole drain ${span(start, end)}; second half ${span(half, end)}`;
}

async function main(): Promise<void> {
  const separator = process.argv.indexOf('--');
  const command = separator === -1 ? [] : process.argv.slice(separator + 1);
  if (command.length === 0) throw new Error('usage: drain-cpu.ts -- <command…>');
  const sql = postgres(benchEnv.DATABASE_URL, { max: 1, onnotice: () => {} });
  const samples: Sample[] = [];
  const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let running = true;
  void exited.then(() => (running = false));
  while (running) {
    const final = await finalOrders(sql);
    if (final !== null) samples.push({ at: Date.now(), busyMicros: machineBusyMicros(), final });
    await sleep(500);
  }
  await sql.end();
  console.log(`drain-cpu: ${samples.length > 1 ? describeDrain(samples) : 'no samples'}`);
  process.exitCode = (await exited) ?? 1;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
