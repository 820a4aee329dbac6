-- The order processor's first step (functions/order-processor/reserve.ts) in one statement: the
-- reservation's eight statements (BEGIN, the order's lock, its state, the inbox row, the products'
-- locks, the order with its items, the stock, COMMIT) cost the processor 4x the CPU of this one call
-- (docs/performance.md, "Orders end to end"). The same steps, in the same order, in the statement's
-- own transaction:
--   1. Lock the order (a cancel racing the placement waits), then return it as it stands if it is
--      written already: a redelivered event, or one cancelled before it was taken.
--   2. Record the event in the inbox; if it was there, it took effect already: return nothing.
--   3. Lock the products' stock rows in id order (concurrent orders cannot deadlock or oversell) and
--      check them: the first item whose product is unknown, or short of stock, or products in two
--      currencies, rejects the order, written with that reason and its `rejected` fact in the outbox.
--   4. Otherwise write the order reserved with its items, at the prices the check read (the same
--      snapshot as the total: only the stock rows are locked, so a price may change meanwhile), and
--      take the stock.
-- Each statement sees what committed before it ran (a volatile function's statements take a new
-- snapshot each, as the transaction's did), so the locks order work exactly as before.
-- Its statements take their array and id parameters from the call, so PL/pgSQL's plan cache kept
-- choosing a custom plan for each and planned every statement on every call (42% of the function's
-- time); their generic plans are the same index scans (test/query-plans.test.ts holds that), planned
-- once per connection: hence plan_cache_mode.
CREATE FUNCTION reserve_order(
  order_id uuid, customer_id text, consumer text, event_id text,
  product_ids uuid[], quantities integer[], accepted_at timestamptz,
  rejected_fact_id uuid, traceparent text
) RETURNS TABLE (status text, total bigint, currency text, items json)
LANGUAGE plpgsql VOLATILE SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  why text;
  order_total bigint;
  order_currency text;
  item_prices integer[];
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(order_id::text, 0));
  RETURN QUERY
    SELECT o.status, o.total, o.currency::text,
      coalesce((SELECT json_agg(json_build_object('productId', i.product_id, 'quantity', i.quantity)) FROM order_items i WHERE i.order_id = o.id), '[]')
    FROM orders o WHERE o.id = reserve_order.order_id FOR UPDATE;
  IF FOUND THEN RETURN; END IF;

  INSERT INTO inbox (consumer, event_id) VALUES (reserve_order.consumer, reserve_order.event_id) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN RETURN; END IF;

  SELECT CASE
      WHEN bool_or(p.id IS NULL) THEN 'unknown product ' || (array_agg(item.product_id ORDER BY item.n) FILTER (WHERE p.id IS NULL))[1]
      WHEN bool_or(p.stock < item.quantity) THEN 'not enough stock for ' || (array_agg(item.product_id ORDER BY item.n) FILTER (WHERE p.stock < item.quantity))[1]
      WHEN count(DISTINCT p.currency) > 1 THEN 'products in more than one currency'
    END,
    sum(p.price::bigint * item.quantity), min(p.currency), array_agg(p.price ORDER BY item.n)
  INTO why, order_total, order_currency, item_prices
  FROM unnest(product_ids, quantities) WITH ORDINALITY AS item(product_id, quantity, n)
  LEFT JOIN (
    SELECT pr.id, pr.price, pr.currency, s.stock FROM products pr JOIN product_stock s ON s.product_id = pr.id
    WHERE pr.id = ANY(product_ids) ORDER BY pr.id FOR UPDATE OF s
  ) p ON p.id = item.product_id;

  IF why IS NOT NULL THEN
    INSERT INTO orders (id, customer_id, status, reason, created_at) VALUES (order_id, customer_id, 'rejected', why, accepted_at);
    INSERT INTO order_items (order_id, product_id, quantity)
      SELECT reserve_order.order_id, item.product_id, item.quantity FROM unnest(product_ids, quantities) AS item(product_id, quantity);
    INSERT INTO outbox (event_id, type, subject, data, traceparent)
      VALUES (rejected_fact_id, 'brisk.orders.order.rejected', order_id::text,
        jsonb_build_object('orderId', order_id, 'customerId', customer_id, 'status', 'rejected', 'reason', why), reserve_order.traceparent);
    RETURN QUERY SELECT 'rejected'::text, NULL::bigint, NULL::text, NULL::json;
    RETURN;
  END IF;

  INSERT INTO orders (id, customer_id, status, total, currency, created_at) VALUES (order_id, customer_id, 'reserved', order_total, order_currency, accepted_at);
  INSERT INTO order_items (order_id, product_id, quantity, unit_price)
    SELECT reserve_order.order_id, item.product_id, item.quantity, item.price
    FROM unnest(product_ids, quantities, item_prices) AS item(product_id, quantity, price);
  UPDATE product_stock s SET stock = s.stock - change.quantity, updated_at = DEFAULT
    FROM (SELECT item.product_id, sum(item.quantity) AS quantity FROM unnest(product_ids, quantities) AS item(product_id, quantity) GROUP BY item.product_id) change
    WHERE s.product_id = change.product_id;
  RETURN QUERY SELECT 'reserved'::text, order_total, order_currency, NULL::json;
END
$$;
