-- A product's stock changes with every order; the rest of it seldom does. As a column of products,
-- each change rewrote the whole ~540-byte row: its search vector computed again (PostgreSQL recomputes
-- a stored generated column on every UPDATE), its six checks evaluated, and, as its page seldom had
-- room for the new version, new entries in all nine of its indexes, GIN included. In a narrow table
-- of its own, with room on every page for HOT updates, a change is a ~60-byte row and one lock
-- (docs/performance.md, "Orders end to end"). A product's updatedAt is the later of its two rows'.
CREATE TABLE product_stock (
  product_id uuid PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
  stock integer NOT NULL CHECK (stock >= 0),
  updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
) WITH (fillfactor = 50);

INSERT INTO product_stock (product_id, stock, updated_at) SELECT id, stock, updated_at FROM products;
ALTER TABLE products DROP COLUMN stock;

-- reserve_order (004) with the stock in product_stock, locked there: a concurrent price or name change
-- no longer waits for a reservation, so the items take the prices the check read (the same snapshot as
-- the total), not a second read of products. Generic plans as in 005.
CREATE OR REPLACE FUNCTION reserve_order(
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
