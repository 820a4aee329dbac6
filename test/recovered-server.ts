import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { freePort } from './servers';

const run = promisify(execFile);

export interface RecoveredServer {
  url: string;
  stop(): Promise<void>;
}

/** Runs a PostgreSQL binary as the postgres user (the cluster's files must be its own). */
async function asPostgres(bin: string, args: string[]): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  await run(asRoot ? 'runuser' : bin, asRoot ? ['-u', 'postgres', '--', bin, ...args] : args);
}

/**
 * A throwaway PostgreSQL server, not a standby, that came up through crash recovery: initdb, start,
 * stop without a shutdown checkpoint (immediate), start again. Such a server, like a promoted standby,
 * still answers pg_last_wal_replay_lsn(), with the position its recovery replayed up to.
 */
export async function startRecoveredServer(primaryUrl: string): Promise<RecoveredServer> {
  const admin = postgres(primaryUrl, { max: 1, onnotice: () => {} });
  const [row] = await admin<{ version: string }[]>`SELECT current_setting('server_version_num') AS version`;
  await admin.end();
  const bin = (name: string) => `/usr/lib/postgresql/${row!.version.slice(0, 2)}/bin/${name}`;

  const dir = await mkdtemp(path.join(tmpdir(), 'brisk-recovered-'));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const uid = Number(stdout.trim());
    await chown(dir, uid, uid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  const options = `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir}`;
  const pgCtl = (...args: string[]) => asPostgres(bin('pg_ctl'), ['-D', data, '-l', path.join(dir, 'log'), '-w', ...args]);

  await asPostgres(bin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--no-locale', '--encoding=UTF8']);
  await pgCtl('-o', options, 'start');
  await pgCtl('-m', 'immediate', 'stop');
  await pgCtl('-o', options, 'start');

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await pgCtl('-m', 'immediate', 'stop');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
