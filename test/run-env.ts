/**
 * This test run's own database, Redis key prefix and exchange/queue namespace, named once in global setup and handed to every
 * worker (and every process the tests spawn) through the environment.
 */
export interface RunEnv {
  DATABASE_URL: string;
  REDIS_KEY_PREFIX: string;
  EVENTS_NAMESPACE: string;
  NODE_ENV: 'test';
  LOG_LEVEL: string;
  RATE_LIMIT_PUBLIC_RPS: string;
  RATE_LIMIT_CUSTOMER_RPS: string;
  RATE_LIMIT_ADMIN_RPS: string;
}

export function newRunEnv(baseUrl = process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432'): RunEnv {
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  return {
    DATABASE_URL: `${baseUrl}/brisk_test_${runId}`,
    REDIS_KEY_PREFIX: `brisk-test-${runId}:v1:`,
    EVENTS_NAMESPACE: `brisk-test-${runId}`,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    // Every test client is 127.0.0.1: limits are raised (the rate-limit tests set their own), never off.
    RATE_LIMIT_PUBLIC_RPS: '1000000',
    RATE_LIMIT_CUSTOMER_RPS: '1000000',
    RATE_LIMIT_ADMIN_RPS: '1000000',
  };
}
