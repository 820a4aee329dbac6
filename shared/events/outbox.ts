import type { TransactionSql } from 'postgres';
import { v7 as uuidv7 } from 'uuid';
import { primary } from '../db';
import { logger } from '../log';
import { finishBeforeShutdown } from '../runtime/shutdown';
import { publishConfirmed } from './publisher';
import type { EventData, EventTypeName } from './registry';

/** Writes a fact in the same transaction as the change it reports; the relay publishes it after commit. */
export async function recordFact<T extends EventTypeName>(tx: TransactionSql, type: T, data: EventData<T>, subject?: string): Promise<void> {
  await tx`INSERT INTO outbox (event_id, type, subject, data) VALUES (${uuidv7()}, ${type}, ${subject ?? null}, ${tx.json(data as never)})`;
}

interface OutboxRow {
  id: string;
  eventId: string;
  type: EventTypeName;
  subject: string | null;
  data: never;
}

/**
 * Publishes unpublished facts in order, each with a publisher confirm, and marks them. Rows are
 * claimed with SKIP LOCKED so relays running at once never publish the same row twice; a fact whose
 * publish fails stays for the next run (consumers dedupe by event id, so a repeat is harmless).
 */
export async function relayOutbox(batchSize = 100): Promise<number> {
  return primary().begin(async (tx) => {
    const rows = await tx<OutboxRow[]>`
      SELECT id, event_id AS "eventId", type, subject, data FROM outbox
      WHERE published_at IS NULL ORDER BY id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`;
    let published = 0;
    for (const row of rows) {
      try {
        await publishConfirmed(row.type, row.data, { id: row.eventId, mandatory: false, ...(row.subject && { subject: row.subject }) });
      } catch (error) {
        logger().warn({ err: error, eventId: row.eventId }, 'outbox publish failed; will retry');
        break;
      }
      await tx`UPDATE outbox SET published_at = now() WHERE id = ${row.id}`;
      published++;
    }
    return published;
  });
}

/**
 * Relays right after a commit (`what`: the change, for the log) without holding up its caller; shutdown
 * waits for it, and a relay that fails leaves the facts to the next tick.
 */
export function relayAfterCommit(what: string): void {
  finishBeforeShutdown(relayOutbox().catch((error: unknown) => logger().warn({ err: error }, `outbox relay after ${what} failed; the next tick retries`)));
}
