import type middy from '@middy/core';
import type { PipelineEvent } from '../define';
import { HttpProblem, internalError } from '../problem';
import type { HttpResult } from '../types';

export const problemContentType = 'application/problem+json';

export function problemResult(problem: HttpProblem, instance?: string): HttpResult {
  return {
    status: problem.status,
    headers: { 'content-type': problemContentType, ...problem.headers },
    body: JSON.stringify(instance ? { ...problem.toJSON(), instance } : problem.toJSON()),
  };
}

/** Maps every error to `application/problem+json`; anything unexpected is logged and answered 500. */
export const problemResponses = (): middy.MiddlewareObj<PipelineEvent, HttpResult> => ({
  onError: (request) => {
    const { error } = request;
    const { request: http } = request.event;
    if (error instanceof HttpProblem) {
      request.response = problemResult(error, http.path);
      return;
    }
    http.log.error({ err: error, method: http.method, path: http.path }, 'unhandled error');
    request.response = problemResult(internalError(), http.path);
  },
});
