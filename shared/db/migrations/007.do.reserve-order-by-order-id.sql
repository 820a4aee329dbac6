-- reserve_order without an inbox row: an order placed again finds its own row. The placement's event id
-- is the order id (orders-create publishes it so), and the function's first step, under the order's
-- lock, already returns an order that is written, whatever event brought it again; so the inbox row
-- it wrote next guarded nothing (a row there without the order was an error). It cost three WAL
-- records (the speculative insert, its index entry, its confirmation), ~300 of the ~1,300 bytes a
-- reservation writes, and one inbox row an order kept for good. The inbox stays for the events that
-- have no row of their own to find (a cancel request, catalog writes).
-- The 9-argument reserve_order stays for a processor of the previous version still running during a
-- rollout, now a call of this one: drop it once none can be.
CREATE FUNCTION reserve_order(
  order_id uuid, customer_id text, product_ids uuid[], quantities integer[], accepted_at timestamptz,
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

CREATE OR REPLACE FUNCTION reserve_order(
  order_id uuid, customer_id text, consumer text, event_id text,
  product_ids uuid[], quantities integer[], accepted_at timestamptz,
  rejected_fact_id uuid, traceparent text
) RETURNS TABLE (status text, total bigint, currency text, items json)
LANGUAGE sql VOLATILE AS $$
  SELECT * FROM reserve_order(order_id, customer_id, product_ids, quantities, accepted_at, rejected_fact_id, traceparent)
$$;
