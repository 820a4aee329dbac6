import type { TransactionSql } from 'postgres';

/**
 * Records, inside the consumer's transaction, that it has taken effect of this event. False when it
 * already had: the caller skips the effect and acknowledges the duplicate.
 */
export async function firstDelivery(tx: TransactionSql, consumer: string, eventId: string): Promise<boolean> {
  const inserted = await tx`INSERT INTO inbox (consumer, event_id) VALUES (${consumer}, ${eventId}) ON CONFLICT DO NOTHING RETURNING 1`;
  return inserted.length === 1;
}
