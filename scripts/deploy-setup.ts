// The setup Job's entry (knative/infra/setup-job.yaml; bundled by scripts/knative/build-setup.mjs into
// dist/setup/index.js with the SQL migrations beside it): applies the migrations to DATABASE_URL, then
// declares the broker topology — the exchange, its dead-letter exchange, and per queue consumer its quorum
// queue, bindings and DLQ. Both steps are idempotent. Until PostgreSQL and RabbitMQ answer (a fresh
// cluster starts them alongside this Job) each step is retried, so the Job needs no ordering.
import { setTimeout as sleep } from 'node:timers/promises';
import { config } from '../shared/config';
import { migrate } from '../shared/db/migrate';
import { eventNames } from '../shared/events';
import { declareBrokerTopology, subscriptions } from './lib/topology';

const attempts = Number(process.env.SETUP_ATTEMPTS ?? 60);
const retryDelayMs = Number(process.env.SETUP_RETRY_DELAY_MS ?? 5000);

async function withRetries<T>(step: string, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      console.error(`${step}: attempt ${attempt}/${attempts} failed (${reason}); retrying in ${retryDelayMs} ms`);
      await sleep(retryDelayMs);
    }
  }
}

async function main(): Promise<void> {
  const applied = await withRetries('migrations', () => migrate(config().DATABASE_URL));
  console.log(applied.length ? `migrated: ${applied.join(', ')}` : 'migrations: up to date');
  await withRetries('topology', () => declareBrokerTopology());
  const queues = subscriptions().map(({ consumer }) => `${eventNames.queue(consumer)} (+ ${eventNames.deadLetterQueue(consumer)})`);
  console.log(`topology: ${eventNames.exchange()} → ${queues.join(', ')}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
