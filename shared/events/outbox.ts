import type { ISql, TransactionSql } from 'postgres';
import { newId } from '../process/new-id';
import { arrayLiteral, primary } from '../db';
import { logger } from '../log';
import { observeRelay, startTimer } from '../metrics';
import { finishBeforeShutdown } from '../process/shutdown';
import { activeTraceparent } from '../tracing';
import { publishConfirmed } from './publisher';
import type { EventData, EventTypeName } from './registry';

/** A fact's outbox columns (event_id, type, subject, data, traceparent: the trace it belongs to, while tracing). */
const factValues = <T extends EventTypeName>(sql: ISql, type: T, data: EventData<T>, subject?: string) =>
  sql`${newId()}, ${type}, ${subject ?? null}, ${sql.json(data as never)}, ${activeTraceparent() ?? null}`;

/** Writes a fact in the same transaction as the change it reports; the relay publishes it after commit. */
export async function recordFact<T extends EventTypeName>(tx: TransactionSql, type: T, data: EventData<T>, subject?: string): Promise<void> {
  await tx`INSERT INTO outbox (event_id, type, subject, data, traceparent) VALUES (${factValues(tx, type, data, subject)})`;
}

/**
 * The INSERT of a fact that is written only if `changed`, a data-modifying CTE of the same statement
 * (`WITH changed AS (UPDATE … RETURNING id) ${factIfChanged(…)}`), returned a row: a change and its fact
 * in one statement, which is its own transaction, without BEGIN and COMMIT round trips. It returns the
 * fact's row when it was written.
 */
export function factIfChanged<T extends EventTypeName>(sql: ISql, changed: string, type: T, data: EventData<T>, subject?: string) {
  return sql`INSERT INTO outbox (event_id, type, subject, data, traceparent) SELECT ${factValues(sql, type, data, subject)} WHERE EXISTS (SELECT 1 FROM ${sql(changed)}) RETURNING id`;
}

interface OutboxRow {
  id: string;
  eventId: string;
  type: EventTypeName;
  subject: string | null;
  data: never;
  traceparent: string | null;
}

/** Facts one relay run claims and publishes at most. */
const relayBatchSize = 100;

/**
 * Publishes the facts in the outbox, all of a batch at once on the confirm channel (sent in id order),
 * each awaiting its publisher confirm, and deletes those confirmed in one statement: the outbox holds
 * only what is still to publish. Rows are claimed with SKIP LOCKED so relays running at once never
 * publish the same row twice; a fact whose publish fails stays for the next run (consumers dedupe by
 * event id, so a repeat is harmless).
 */
export async function relayOutbox(batchSize = relayBatchSize): Promise<number> {
  const startedAt = startTimer();
  return primary().begin(async (tx) => {
    const rows = await tx<OutboxRow[]>`
      SELECT id, event_id AS "eventId", type, subject, data, traceparent FROM outbox
      ORDER BY id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`;
    if (rows.length === 0) return 0;
    const outcomes = await Promise.allSettled(
      rows.map((row) => publishConfirmed(row.type, row.data, { id: row.eventId, mandatory: false, ...(row.subject && { subject: row.subject }), ...(row.traceparent && { traceparent: row.traceparent }) })),
    );
    const published = rows.filter((row, index) => {
      const outcome = outcomes[index]!;
      if (outcome.status === 'rejected') logger().warn({ err: outcome.reason, eventId: row.eventId }, 'outbox publish failed; will retry');
      return outcome.status === 'fulfilled';
    });
    if (published.length > 0) await tx`DELETE FROM outbox WHERE id = ANY(${arrayLiteral(published.map((row) => row.id))}::bigint[])`;
    observeRelay(startedAt);
    return published.length;
  });
}

/** The relay started after a commit, if one runs; and whether commits came after it started. */
let running: Promise<void> | undefined;
let again = false;

/** Relays until a run starts after the last commit that asked: concurrent commits share one run. */
async function relayUntilCaughtUp(what: string): Promise<void> {
  do {
    again = false;
    try {
      // A full batch may leave more behind: go on at once rather than wait for the next tick.
      while ((await relayOutbox()) === relayBatchSize) again = false;
    } catch (error) {
      logger().warn({ err: error }, `outbox relay after ${what} failed; the next tick retries`);
      return;
    }
  } while (again);
}

/**
 * Relays right after a commit (`what`: the change, for the log) without holding up its caller; shutdown
 * waits for it, and a relay that fails leaves the facts to the next tick. Commits while a relay runs
 * share one more run after it, not one each: a relay started after a commit publishes its facts.
 */
export function relayAfterCommit(what: string): void {
  if (running) {
    again = true;
    return;
  }
  const run = relayUntilCaughtUp(what).finally(() => {
    running = undefined;
  });
  running = run;
  finishBeforeShutdown(run);
}
