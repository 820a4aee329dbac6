import type middy from '@middy/core';
import { DomainError } from '../../domain/errors';
import { HttpProblem, internalError, problemOf, problemResult } from '../problem';
import type { PipelineEvent } from '../spec';
import type { HttpResult } from '../types';

/** Maps every error to `application/problem+json` (a DomainError by problemOf); anything unexpected is logged and answered 500. */
export const problemResponses = (): middy.MiddlewareObj<PipelineEvent, HttpResult> => ({
  onError: (request) => {
    const { error } = request;
    const { request: http } = request.event;
    if (error instanceof HttpProblem || error instanceof DomainError) {
      request.response = problemResult(error instanceof DomainError ? problemOf(error) : error, http.path);
      return;
    }
    http.log.error({ err: error, method: http.method, path: http.path }, 'unhandled error');
    request.response = problemResult(internalError(), http.path);
  },
});
