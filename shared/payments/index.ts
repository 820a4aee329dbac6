import { ExponentialBackoff, handleType, type IPolicy, retry, wrap } from 'cockatiel';
import { config } from '../config';
import { logger } from '../log';
import { breaker } from '../resilience/breakers';
import type { PostAnswer } from '../process/http-post';
import { tracedPost } from '../tracing';

export type PaymentResult = { status: 'authorized'; paymentId: string } | { status: 'declined'; reason: string };

/** The provider could not answer (down, failing, too slow): try again later, the order is not lost. */
export class PaymentUnavailable extends Error {
  override name = 'PaymentUnavailable';
}

/** The caller's deadline has passed: no call is made, and it says nothing of the provider's health. */
class DeadlinePassed extends Error {
  override name = 'DeadlinePassed';
}

interface Authorization {
  id: string;
  status: 'authorized' | 'declined';
  declineReason?: string;
}

async function authorizeAt(baseUrl: string, orderId: string, amount: number, currency: string, until: number): Promise<PaymentResult> {
  const timeoutMs = Math.min(config().PAYMENT_TIMEOUT_MS, until - Date.now());
  if (timeoutMs <= 0) throw new DeadlinePassed(`${baseUrl}: not called, the payment deadline has passed`);
  let answer: PostAnswer;
  try {
    answer = await tracedPost(new URL('/v1/authorizations', baseUrl), { 'content-type': 'application/json', 'idempotency-key': orderId }, JSON.stringify({ orderId, amount, currency }), timeoutMs);
  } catch (error) {
    throw new PaymentUnavailable(`${baseUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (answer.status >= 500 || answer.status === 408 || answer.status === 429) {
    throw new PaymentUnavailable(`${baseUrl}: HTTP ${answer.status}`);
  }
  // Any other refusal will not change on a retry: the order fails like a declined payment.
  if (answer.status >= 300) return { status: 'declined', reason: `the provider refused the request (HTTP ${answer.status})` };
  const authorization = JSON.parse(answer.body) as Authorization;
  return authorization.status === 'authorized'
    ? { status: 'authorized', paymentId: authorization.id }
    : { status: 'declined', reason: authorization.declineReason ?? 'declined' };
}

const policies = new Map<string, IPolicy>();

/**
 * Per provider: up to two retries with backoff, on failures worth retrying only (network, timeout,
 * 5xx, 408, 429), through that provider's circuit breaker, which after 5 consecutive failures fails
 * calls at once for 10 s so orders go straight to the fallback.
 */
function providerPolicy(name: 'primary' | 'fallback'): IPolicy {
  let policy = policies.get(name);
  if (!policy) {
    policy = wrap(
      retry(handleType(PaymentUnavailable), { maxAttempts: 2, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 500 }) }),
      breaker(`payment-${name}`, { failures: 5, halfOpenAfterMs: 10_000, isFailure: (error) => !(error instanceof DeadlinePassed) }),
    );
    policies.set(name, policy);
  }
  return policy;
}

/**
 * Authorizes an order's total, the order id as idempotency key (a repeat never charges twice): at
 * the primary provider, else at the fallback. No request is sent, or left waiting, past `until` (epoch
 * ms): each is cut to the time left. Throws PaymentUnavailable when neither answers, and the order
 * waits for redelivery.
 */
export async function authorizePayment(orderId: string, amount: number, currency: string, until = Infinity): Promise<PaymentResult> {
  const { PAYMENT_PROVIDER_URL, PAYMENT_FALLBACK_URL } = config();
  try {
    return await providerPolicy('primary').execute(() => authorizeAt(PAYMENT_PROVIDER_URL, orderId, amount, currency, until));
  } catch (error) {
    logger().warn({ err: error, orderId }, 'primary payment provider unavailable; trying the fallback');
  }
  try {
    return await providerPolicy('fallback').execute(() => authorizeAt(PAYMENT_FALLBACK_URL, orderId, amount, currency, until));
  } catch (error) {
    throw new PaymentUnavailable(`no payment provider answered: ${error instanceof Error ? error.message : String(error)}`);
  }
}
