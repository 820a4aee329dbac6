-- The stuck-order sweep (functions/outbox-relay): orders still reserved or paid, oldest change first.
-- Partial: an order spends a moment in these statuses, so the index stays small.
CREATE INDEX orders_in_flight_idx ON orders (updated_at) WHERE status IN ('reserved', 'paid');
