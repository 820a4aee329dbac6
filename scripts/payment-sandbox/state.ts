import * as z from 'zod';

export const authorizationRequestSchema = z.object({
  orderId: z.uuid(),
  /** Minor units (cents). */
  amount: z.number().int().positive().max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
});

export type AuthorizationRequest = z.infer<typeof authorizationRequestSchema>;

export interface Authorization extends AuthorizationRequest {
  id: string;
  status: 'authorized' | 'declined';
  declineReason?: 'card_declined';
  createdAt: string;
}

/** Fault injection; `strictObject` so a misspelt setting is a 400, not a silent no-op. */
export const settingsSchema = z.strictObject({
  down: z.boolean(),
  failureRate: z.number().min(0).max(1),
  latencyMs: z.number().int().min(0).max(60_000),
  declineRate: z.number().min(0).max(1),
});

export type Settings = z.infer<typeof settingsSchema>;

const defaultSettings: Readonly<Settings> = { down: false, failureRate: 0, latencyMs: 0, declineRate: 0 };

interface Stored {
  fingerprint: string;
  authorization: Authorization;
}

/** Identifies a request body for idempotency: the same key may only be replayed with the same body. */
export const fingerprint = ({ orderId, amount, currency }: AuthorizationRequest): string =>
  JSON.stringify([orderId, amount, currency]);

/** What one sandbox instance remembers: its fault settings and every authorization by idempotency key. */
export class SandboxState {
  settings: Settings = { ...defaultSettings };
  private readonly byKey = new Map<string, Stored>();

  find(idempotencyKey: string): Stored | undefined {
    return this.byKey.get(idempotencyKey);
  }

  save(idempotencyKey: string, stored: Stored): void {
    this.byKey.set(idempotencyKey, stored);
  }

  forOrder(orderId: string): Authorization[] {
    return [...this.byKey.values()].map((stored) => stored.authorization).filter((authorization) => authorization.orderId === orderId);
  }

  get count(): number {
    return this.byKey.size;
  }

  reset(): void {
    this.settings = { ...defaultSettings };
    this.byKey.clear();
  }
}
