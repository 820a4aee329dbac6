import * as z from 'zod';

/**
 * Text PostgreSQL stores exactly as sent: no NUL (a text column refuses it, so the write would fail
 * only later, in a consumer) and no unpaired UTF-16 surrogate (it would be stored silently as U+FFFD).
 */
export const isStorable = (value: string): boolean => !value.includes('\u0000') && value.isWellFormed();

const storableMessage = 'must not contain NUL characters or unpaired surrogates';

/** A string schema that refuses what isStorable refuses; chain length rules after it. */
export const text = () => z.string().refine(isStorable, storableMessage);

/**
 * An RFC 3339 timestamp (UTC `Z`, or any offset with `offset: true`) that PostgreSQL's timestamptz
 * takes: a four-digit year from 0001 (PostgreSQL has no year 0; JavaScript's Date reaches years it does not).
 */
export const timestamp = (options: { offset?: boolean } = {}) =>
  z.iso.datetime({ ...options, error: 'must be an RFC 3339 timestamp' }).refine((time) => !time.startsWith('0000'), 'year 0000 does not exist');
