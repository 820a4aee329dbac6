import postgres from 'postgres';
import { observeQueries } from '../../shared/db';

/** A table with more rows than this (pg_class.reltuples) must not be read by a sequential scan. */
export const largeTableRows = 1_000;

export interface Captured {
  text: string;
  parameters: unknown[];
  types: number[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

export interface Checked {
  text: string;
  /** Every table the plan reads or writes. */
  tables: string[];
  /** Tables of more than largeTableRows rows the plan reads with a sequential scan. */
  seqScanned: { table: string; rows: number }[];
}

// Statements EXPLAIN cannot take: transaction control (begin, savepoint, commit, …).
const explainable = /^\s*(\(\s*)*(select|insert|update|delete|with|values)\b/i;

/**
 * Records the distinct queries (by text, with the first parameters seen) the pools send while
 * `recording` runs. Call before the first pool opens: observeQueries hooks only pools opened after it.
 */
export class QueryRecorder {
  private readonly seen = new Map<string, Captured>();
  private current: Map<string, Captured> | undefined;

  constructor() {
    observeQueries((text, parameters, types) => {
      if (!this.current || !explainable.test(text) || this.current.has(text)) return;
      this.current.set(text, { text, parameters: [...parameters], types: [...types] });
    });
  }

  /** Runs `drive` and answers the distinct queries sent meanwhile (by it, or by what it started). */
  async recording(drive: () => Promise<unknown>): Promise<Captured[]> {
    const current = new Map<string, Captured>();
    this.current = current;
    try {
      await drive();
    } finally {
      this.current = undefined;
    }
    for (const query of current.values()) if (!this.seen.has(query.text)) this.seen.set(query.text, query);
    return [...current.values()];
  }

  get all(): Captured[] {
    return [...this.seen.values()];
  }
}

function walk(node: PlanNode, visit: (node: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

/** Row estimates of every ordinary table, by name, as ANALYZE left them. */
async function tableRows(sql: postgres.Sql): Promise<Map<string, number>> {
  const rows = await sql<{ name: string; rows: number }[]>`
    SELECT c.relname AS name, c.reltuples::float8 AS rows FROM pg_class c
    WHERE c.relkind IN ('r', 'p', 'm') AND pg_table_is_visible(c.oid)`;
  return new Map(rows.map((row) => [row.name, row.rows]));
}

/** The tables a plan reads or writes, and the large ones it reads by a sequential scan. */
function scans(text: string, plan: PlanNode, sizes: Map<string, number>): Checked {
  const tables = new Set<string>();
  const seqScanned: Checked['seqScanned'] = [];
  walk(plan, (node) => {
    const table = node['Relation Name'];
    if (table === undefined) return;
    tables.add(table);
    const rows = sizes.get(table) ?? 0;
    if (node['Node Type'] === 'Seq Scan' && rows > largeTableRows) seqScanned.push({ table, rows });
  });
  return { text, tables: [...tables].sort(), seqScanned };
}

/** EXPLAINs each query with its captured parameters (plans only: nothing is executed) and reports what it scans. */
export async function checkPlans(sql: postgres.Sql, queries: Captured[]): Promise<Checked[]> {
  const sizes = await tableRows(sql);
  const checked: Checked[] = [];
  for (const query of queries) {
    const parameters = query.parameters.map((value, index) => sql.typed(value as never, query.types[index] ?? 0));
    const [row] = await sql.unsafe<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(`EXPLAIN (FORMAT JSON) ${query.text}`, parameters);
    checked.push(scans(query.text, row!['QUERY PLAN'][0].Plan, sizes));
  }
  return checked;
}

/**
 * What EXPLAIN of a call cannot show: the plans of the statements a SQL function runs inside it.
 * `run` executes on a connection of its own, in a transaction rolled back afterwards, with auto_explain
 * logging every nested statement's plan to the client; answers what each of those plans scans.
 */
export async function checkNestedPlans(url: string, run: (tx: postgres.TransactionSql) => Promise<unknown>): Promise<Checked[]> {
  const logged: string[] = [];
  const sql = postgres(url, { max: 1, onnotice: (notice) => logged.push(notice.message ?? '') });
  const rolledBack = new Error('rolled back');
  try {
    const sizes = await tableRows(sql);
    await sql
      .begin(async (tx) => {
        await tx`LOAD 'auto_explain'`;
        await tx`SELECT set_config('auto_explain.log_min_duration', '0', true), set_config('auto_explain.log_nested_statements', 'on', true),
          set_config('auto_explain.log_format', 'json', true), set_config('client_min_messages', 'log', true)`;
        await run(tx);
        throw rolledBack;
      })
      .catch((error: unknown) => {
        if (error !== rolledBack) throw error;
      });
    return logged
      .filter((message) => message.includes('"Plan"'))
      .map((message) => JSON.parse(message.slice(message.indexOf('{'))) as { 'Query Text': string; Plan: PlanNode })
      .map((logged) => scans(logged['Query Text'], logged.Plan, sizes));
  } finally {
    await sql.end();
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** One line per sequential scan of a large table, naming the table and the query; empty when there is none. */
export function offenders(checked: Checked[]): string[] {
  return checked.flatMap((query) =>
    query.seqScanned.map(({ table, rows }) => `Seq Scan on ${table} (~${Math.round(rows)} rows) in: ${oneLine(query.text)}`),
  );
}
