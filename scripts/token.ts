// `npm run --silent token -- --sub <customer-id> [--admin] [--producer]`: prints a dev token valid 1 h.
import { parseArgs } from 'node:util';
import { signToken } from '../shared/auth';
import type { Scope } from '../shared/domain/caller';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sub: { type: 'string' }, admin: { type: 'boolean' }, producer: { type: 'boolean' } } });
  if (!values.sub) throw new Error('usage: npm run --silent token -- --sub <customer-id> [--admin] [--producer]');
  const granted: Scope[] = [...(values.admin ? (['admin'] as const) : []), ...(values.producer ? (['producer'] as const) : [])];
  console.log(await signToken(values.sub, granted));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
