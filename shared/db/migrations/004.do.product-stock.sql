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
