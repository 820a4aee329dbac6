import type middy from '@middy/core';
import { authenticate } from '../../auth';
import { DomainError } from '../../domain/errors';
import type { Access, PipelineEvent } from '../spec';
import type { HttpResult } from '../types';

/** Checks the caller against the route's access before anything else reads the request. */
export const authorize = (access: Exclude<Access, 'public'>): middy.MiddlewareObj<PipelineEvent, HttpResult> => ({
  before: async ({ event }) => {
    const caller = await authenticate(event.request.headers.authorization);
    const allowed =
      access === 'customer' || caller.scopes.has('admin') || (access === 'producer' && caller.scopes.has('producer'));
    if (!allowed) throw new DomainError('forbidden', `This needs the ${access} scope`);
    event.input.caller = caller;
  },
});
