import { ExponentialBackoff, handleType, retry } from 'cockatiel';
import { config } from '../config';
import { logger } from '../log';

export type PaymentResult = { status: 'authorized'; paymentId: string } | { status: 'declined'; reason: string };

/** The provider could not answer (down, failing, too slow): try again later, the order is not lost. */
export class PaymentUnavailable extends Error {
  override name = 'PaymentUnavailable';
}

interface Authorization {
  id: string;
  status: 'authorized' | 'declined';
  declineReason?: string;
}

async function authorizeAt(baseUrl: string, orderId: string, amount: number, currency: string): Promise<PaymentResult> {
  let response: Response;
  try {
    response = await fetch(new URL('/v1/authorizations', baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': orderId },
      body: JSON.stringify({ orderId, amount, currency }),
      signal: AbortSignal.timeout(config().PAYMENT_TIMEOUT_MS),
    });
  } catch (error) {
    throw new PaymentUnavailable(`${baseUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new PaymentUnavailable(`${baseUrl}: HTTP ${response.status}`);
  const authorization = (await response.json()) as Authorization;
  return authorization.status === 'authorized'
    ? { status: 'authorized', paymentId: authorization.id }
    : { status: 'declined', reason: authorization.declineReason ?? 'declined' };
}

const withRetries = retry(handleType(PaymentUnavailable), { maxAttempts: 2, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 500 }) });

/**
 * Authorizes an order's total with the payment provider, the order id as idempotency key (a repeat
 * never charges twice): a few backed-off attempts at the primary, then the fallback provider.
 * Throws PaymentUnavailable when neither answers.
 */
export async function authorizePayment(orderId: string, amount: number, currency: string): Promise<PaymentResult> {
  const { PAYMENT_PROVIDER_URL, PAYMENT_FALLBACK_URL } = config();
  try {
    return await withRetries.execute(() => authorizeAt(PAYMENT_PROVIDER_URL, orderId, amount, currency));
  } catch (error) {
    logger().warn({ err: error, orderId }, 'primary payment provider failed; trying the fallback');
    return withRetries.execute(() => authorizeAt(PAYMENT_FALLBACK_URL, orderId, amount, currency));
  }
}
