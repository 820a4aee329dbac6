import { hash } from 'node:crypto';
import { cacheAside, cacheKeys, catalogVersion } from '../../shared/cache';
import { read, type Sql } from '../../shared/db';
import { productJson } from '../../shared/domain/catalog';
import { rawJson, type Reply } from '../../shared/http';
import { type Cursor, encodeCursor, type Sort } from './cursor';
import type { ListQuery } from './query';

interface Row {
  json: string;
  id: string;
  price: number;
  name: string;
  createdAt: Date;
}

type Fragment = ReturnType<Sql['unsafe']>;

/** Each sort's ORDER BY, the keyset condition that continues after a cursor, and the key a cursor carries. */
const orderings: Record<Sort, { orderBy: string; after: (sql: Sql, cursor: Cursor) => Fragment; key: (row: Row) => string | number }> = {
  newest: {
    orderBy: 'created_at DESC, id DESC',
    after: (sql, cursor) => sql`(created_at, id) < (${cursor.after}::timestamptz, ${cursor.id}::uuid)`,
    key: (row) => row.createdAt.toISOString(),
  },
  price: {
    orderBy: 'price, id',
    after: (sql, cursor) => sql`(price, id) > (${cursor.after}::integer, ${cursor.id}::uuid)`,
    key: (row) => row.price,
  },
  '-price': {
    orderBy: 'price DESC, id DESC',
    after: (sql, cursor) => sql`(price, id) < (${cursor.after}::integer, ${cursor.id}::uuid)`,
    key: (row) => row.price,
  },
  name: {
    orderBy: 'name, id',
    after: (sql, cursor) => sql`(name, id) > (${cursor.after}::text, ${cursor.id}::uuid)`,
    key: (row) => row.name,
  },
};

function conditions(sql: Sql, query: ListQuery): Fragment {
  const parts = [
    query.category !== undefined && sql`category = ${query.category}`,
    query.q !== undefined && sql`search @@ websearch_to_tsquery('english', ${query.q})`,
    query.minPrice !== undefined && sql`price >= ${query.minPrice}`,
    query.maxPrice !== undefined && sql`price <= ${query.maxPrice}`,
    query.cursor !== undefined && orderings[query.sort].after(sql, query.cursor),
  ].filter((part): part is Fragment => part !== false);
  return parts.length === 0 ? sql`` : sql`WHERE ${parts.reduce((all, part) => sql`${all} AND ${part}`)}`;
}

async function loadProductPage(query: ListQuery): Promise<string> {
  const ordering = orderings[query.sort];
  const rows = await read(
    (sql) => sql<Row[]>`
      SELECT ${productJson(sql)} AS json, id, price, name, created_at AS "createdAt"
      FROM products ${conditions(sql, query)}
      ORDER BY ${sql.unsafe(ordering.orderBy)}
      LIMIT ${query.limit + 1}`,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last ? encodeCursor({ sort: query.sort, after: ordering.key(last), id: last.id }) : null;
  return `{"items":[${page.map((row) => row.json).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
}

export async function listProducts(query: ListQuery): Promise<Reply> {
  const version = await catalogVersion();
  const queryHash = hash('sha1', JSON.stringify(query), 'base64url');
  const page = await cacheAside(cacheKeys.productList(version, queryHash), () => loadProductPage(query));
  return rawJson(page!);
}
