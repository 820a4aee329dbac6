/** A handler's answer when it is more than "200 with this data": another status, headers, or bytes already serialized. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: string | Buffer | undefined,
    readonly headers: Record<string, string> = {},
  ) {}
}

const jsonType = 'application/json; charset=utf-8';

export const json = (data: unknown, status = 200, headers: Record<string, string> = {}): Reply =>
  new Reply(status, JSON.stringify(data), { 'content-type': jsonType, ...headers });

/** JSON that is already text (from a cache): sent as it is, never parsed or re-serialized. */
export const rawJson = (text: string, status = 200, headers: Record<string, string> = {}): Reply =>
  new Reply(status, text, { 'content-type': jsonType, ...headers });
