import { Registry } from 'prom-client';
import { config } from '../config';

/** The process's one registry: everything /metrics exposes, and nothing of prom-client's global one. */
export const registry = new Registry();

/** Whether to record at all (METRICS_ENABLED); every recorder returns at once when not. */
export const metricsOn = (): boolean => config().METRICS_ENABLED;

/** Seconds, from half a millisecond (a cache hit) to ten (REQUEST_TIMEOUT_MS's default). */
export const latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A clock reading to hand back to an `observe…` recorder. */
export const startTimer = (): number => performance.now();

export const secondsSince = (startedAt: number): number => (performance.now() - startedAt) / 1000;
