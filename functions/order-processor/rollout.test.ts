import { v7 } from 'uuid';
import { arrayLiteral, primary } from '../../shared/db';
import { OrderFlow } from '../../test/orders/flow';

const flow = new OrderFlow('rollout', { consumer: 'none' });

describe('reserve_order as a processor of the previous version calls it, during a rollout (migration 007)', () => {
  it('reserves through the nine-argument call, and a placement again finds the order and changes nothing', async () => {
    const productId = await flow.product(9, 1100);
    const judy = await flow.customer();
    const orderId = v7();
    flow.track(orderId);
    const call = () => primary()<{ status: string; total: string }[]>`
      SELECT status, total FROM reserve_order(${orderId}, ${judy.id}, 'order-processor', ${orderId},
        ${arrayLiteral([productId])}::uuid[], '{4}'::int[], now(), ${v7()}, NULL)`;

    expect(await call()).toEqual([{ status: 'reserved', total: '4400' }]);
    expect(await call()).toEqual([{ status: 'reserved', total: '4400' }]);
    expect(await flow.stockOf(productId)).toBe(5);
  });
});
