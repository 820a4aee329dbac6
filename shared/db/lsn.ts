import type { Sql } from 'postgres';

/** A PostgreSQL LSN ('16/B374D848') as a number of WAL bytes, to compare and subtract. */
export function parseLsn(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** The primary's WAL position now, as PostgreSQL writes it ('16/B374D848'). */
export async function currentWalLsn(sql: Sql): Promise<string> {
  const [row] = await sql<{ lsn: string }[]>`SELECT pg_current_wal_lsn()::text AS lsn`;
  return row!.lsn;
}
