export const scopes = ['admin', 'producer'] as const;
export type Scope = (typeof scopes)[number];

/** Who is calling: the token's subject (a customer id) and its scopes. */
export interface Caller {
  sub: string;
  scopes: ReadonlySet<Scope>;
}

export const anonymous: Caller = { sub: '', scopes: new Set() };
