import type { TransactionSql } from 'postgres';
import * as z from 'zod';
import { primary } from '../db';
import { acceptedAt, readAccepted, rememberAccepted } from './accepted';

const operationStatuses = ['accepted', 'running', 'succeeded', 'failed'] as const;

export const operationId = z.uuid({ error: 'must be a UUID' });

export const operation = z
  .object({
    id: z.uuid(),
    status: z.enum(operationStatuses),
    resource: z.string().describe('Path of the resource the operation acts on'),
    error: z.string().nullable().describe('Why it failed'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Operation' });

export type Operation = z.output<typeof operation>;

/** The body of every catalog write's 202; `Location` names the operation to poll. */
export const operationAccepted = z
  .object({ operationId: z.uuid(), status: z.literal('accepted'), resource: z.string() })
  .meta({ id: 'OperationAccepted' });

/** What an operation's reader needs beyond its representation: who started it, to check ownership. */
export interface StoredOperation {
  createdBy: string;
  /** The representation as JSON text, without `createdBy`. */
  json: string;
}

/** Makes a 202'd operation readable (as accepted) until its consumer records the outcome. */
export async function acceptOperation(id: string, createdBy: string, resource: string): Promise<Operation> {
  const at = acceptedAt(id).toISOString();
  const accepted: Operation = { id, status: 'accepted', resource, error: null, createdAt: at, updatedAt: at };
  await rememberAccepted('operation', id, JSON.stringify({ createdBy, operation: accepted }));
  return accepted;
}

export interface Outcome {
  id: string;
  createdBy: string;
  resource: string;
  status: 'succeeded' | 'failed';
  error: string | null;
  createdAt: Date;
}

/** Records how an operation ended, in the transaction of its effect. */
export async function finishOperation(tx: TransactionSql, outcome: Outcome): Promise<void> {
  const { id, createdBy, resource, status, error, createdAt } = outcome;
  await tx`
    INSERT INTO operations (id, created_by, status, resource, error, created_at, updated_at)
    VALUES (${id}, ${createdBy}, ${status}, ${resource}, ${error}, ${createdAt}, DEFAULT)
    ON CONFLICT (id) DO UPDATE
    SET status = excluded.status, error = excluded.error, updated_at = excluded.updated_at`;
}

interface OperationRow extends Omit<Operation, 'createdAt' | 'updatedAt'> {
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The operation as it stands: the consumer's row once it exists (read from the primary, so a finished
 * operation never shows as accepted again), else what was accepted, else null.
 */
export async function readOperation(id: string): Promise<StoredOperation | null> {
  const [row] = await primary()<OperationRow[]>`
    SELECT id, created_by AS "createdBy", status, resource, error, created_at AS "createdAt", updated_at AS "updatedAt"
    FROM operations WHERE id = ${id}`;
  if (row) {
    const { createdBy, createdAt, updatedAt, ...rest } = row;
    const finished: Operation = { ...rest, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
    return { createdBy, json: JSON.stringify(finished) };
  }
  const accepted = await readAccepted('operation', id);
  if (accepted === null) return null;
  const record = JSON.parse(accepted) as { createdBy: string; operation: Operation };
  return { createdBy: record.createdBy, json: JSON.stringify(record.operation) };
}
