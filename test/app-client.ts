import { createApp } from '../shared/http/app';
import type { HttpFunction } from '../shared/http/define';
import { opsFunction } from '../shared/http/ops';

export interface TestResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Calls functions in-process through the same app both runtimes use: no socket, same pipeline. */
export function appClient(...functions: HttpFunction[]) {
  const app = createApp([...functions, opsFunction]);
  return async (method: string, url: string, options: { headers?: Record<string, string>; body?: string; remoteAddress?: string } = {}): Promise<TestResponse> => {
    const result = await app.handle({
      method,
      url,
      headers: Object.fromEntries(Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
      body: options.body === undefined ? undefined : Buffer.from(options.body),
      remoteAddress: options.remoteAddress ?? '127.0.0.1',
    });
    const text = result.body === undefined ? '' : result.body.toString();
    return { status: result.status, headers: result.headers, text, json: () => JSON.parse(text) };
  };
}
