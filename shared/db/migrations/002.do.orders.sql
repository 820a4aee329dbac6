-- Orders, their items, catalog operations, and the consumers' inbox and outbox.

CREATE TABLE orders (
  id          uuid PRIMARY KEY,
  customer_id text NOT NULL CHECK (length(customer_id) BETWEEN 1 AND 128),
  status      text NOT NULL CHECK (status IN ('reserved', 'paid', 'confirmed', 'rejected', 'payment_failed', 'cancelled')),
  reason      text,
  total       bigint CHECK (total >= 0),
  currency    char(3),
  payment_id  text,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);

-- orders-list: the caller's orders, newest first, keyset by (created_at, id).
CREATE INDEX orders_customer_newest_idx ON orders (customer_id, created_at DESC, id DESC);

-- Items as ordered, with the price at the time; no foreign key to products: an order outlives a
-- deleted product.
CREATE TABLE order_items (
  order_id   uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id uuid NOT NULL,
  quantity   integer NOT NULL CHECK (quantity > 0),
  unit_price integer CHECK (unit_price >= 0),
  PRIMARY KEY (order_id, product_id)
);

-- Catalog writes answered 202: what became of each.
CREATE TABLE operations (
  id          uuid PRIMARY KEY,
  created_by  text NOT NULL,
  status      text NOT NULL CHECK (status IN ('succeeded', 'failed')),
  resource    text NOT NULL,
  error       text,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);

-- Events a consumer has taken effect of, written in the same transaction as the effect.
CREATE TABLE inbox (
  consumer    text NOT NULL,
  event_id    text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Facts to publish, written in the same transaction as the change they report; the relay publishes
-- them in order and marks them.
CREATE TABLE outbox (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id     uuid NOT NULL UNIQUE,
  type         text NOT NULL,
  subject      text,
  data         jsonb NOT NULL,
  traceparent  text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);

CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
