-- The catalog: categories and their products. Every list query in functions/products-list is
-- served by one of the indexes below (keyset order per sort, with and without a category).

CREATE TABLE categories (
  slug        text PRIMARY KEY CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
  id          uuid PRIMARY KEY,
  sku         text NOT NULL UNIQUE CHECK (length(sku) BETWEEN 1 AND 64),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  category    text NOT NULL REFERENCES categories (slug),
  price       integer NOT NULL CHECK (price >= 0),
  currency    char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  stock       integer NOT NULL CHECK (stock >= 0),
  search      tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('english', name), 'A') ||
                setweight(to_tsvector('english', description), 'B')
              ) STORED,
  -- Millisecond precision, as JavaScript dates and keyset cursors carry it.
  created_at  timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at  timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);

CREATE INDEX products_search_idx ON products USING gin (search);

CREATE INDEX products_newest_idx ON products (created_at DESC, id DESC);
CREATE INDEX products_price_idx ON products (price, id);
CREATE INDEX products_name_idx ON products (name, id);

CREATE INDEX products_category_newest_idx ON products (category, created_at DESC, id DESC);
CREATE INDEX products_category_price_idx ON products (category, price, id);
CREATE INDEX products_category_name_idx ON products (category, name, id);
