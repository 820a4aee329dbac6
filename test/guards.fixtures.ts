import * as z from 'zod';
import { endpoint } from '../shared/http/define';

/** POST /echo: takes a JSON body `{ text }` and answers `{ ok: true }`. The request-guard tests' ordinary request. */
export const echoEndpoint = () =>
  endpoint({
    method: 'POST',
    path: '/echo',
    summary: 'takes a JSON body',
    body: z.object({ text: z.string() }),
    response: z.object({ ok: z.boolean() }),
    handler: async () => ({ ok: true }),
  });
