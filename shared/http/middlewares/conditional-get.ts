import { hash } from 'node:crypto';
import type middy from '@middy/core';
import type * as z from 'zod';
import type { EndpointSpec, PipelineEvent } from '../spec';
import { memoized } from '../memoized';
import type { HttpResult } from '../types';

const sha1Etag = (body: string | Buffer): string => `"${hash('sha1', body, 'base64url')}"`;
/** ETags of recent bodies: a cached body is the same string object each time, so its lookup costs no hashing. */
const etagOfText = memoized(1_000, sha1Etag);
const etagOf = (body: string | Buffer): string => (typeof body === 'string' ? etagOfText(body) : sha1Etag(body));

function matches(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (typeof ifNoneMatch !== 'string') return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** A GET route's answers carry a strong ETag and the endpoint's Cache-Control; a matching If-None-Match gets 304. */
export const conditionalGet = (
  spec: EndpointSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>,
): middy.MiddlewareObj<PipelineEvent, HttpResult> => ({
  after: (request) => {
    const response = request.response;
    if (!response || response.status !== 200 || response.body === undefined) return;
    const etag = response.headers.etag ?? etagOf(response.body);
    response.headers.etag = etag;
    if (spec.cacheControl) response.headers['cache-control'] = spec.cacheControl;
    if (matches(request.event.request.headers['if-none-match'], etag)) {
      request.response = { status: 304, headers: { etag, ...(spec.cacheControl && { 'cache-control': spec.cacheControl }) }, body: undefined };
    }
  },
});
