export { defineHttpFunction, endpoint, type HttpFunction } from './define';
export { HttpProblem, invalidRequest, notFound, serviceUnavailable } from './problem';
export { json, rawJson, Reply } from './reply';
export type { HttpRequest, HttpResult } from './types';
