import { setConfig } from '../shared/config';

// A unit test needs no PostgreSQL, Redis or RabbitMQ. Each one's address is a closed port, so code that
// reaches for one anyway (a rate limiter trying Redis first) takes its fallback at once, never the
// services another suite or a developer's `npm start` is using.
const closed = '127.0.0.1:1';

setConfig({
  DATABASE_URL: `postgres://postgres@${closed}/brisk_unit`,
  DATABASE_REPLICA_URLS: '',
  REDIS_URL: `redis://${closed}`,
  AMQP_URL: `amqp://guest:guest@${closed}`,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
});
