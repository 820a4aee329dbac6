-- The outbox holds only facts still to publish: the relay deletes a fact once RabbitMQ has confirmed
-- it, where it used to mark it published and keep it. Kept, every fact stayed for good (one row an
-- order or more; nothing removed them), and each mark rewrote the whole row, its jsonb data included,
-- with new entries in two indexes: with the partial index's entry, three of the twelve index entries
-- an order took (docs/performance.md, "Orders end to end"). A delete is a small WAL record. The relay
-- still claims rows in id order with SKIP LOCKED, now through the primary key: every row is unpublished.
DELETE FROM outbox WHERE published_at IS NOT NULL;
DROP INDEX outbox_unpublished_idx;
ALTER TABLE outbox DROP COLUMN published_at;
