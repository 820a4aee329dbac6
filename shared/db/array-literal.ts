/**
 * A PostgreSQL array literal ('{"a","b"}') for a query parameter, cast in SQL (`${arrayLiteral(ids)}::uuid[]`).
 * The pools run without postgres.js's type catalog (fetch_types: false, see connect()), so a JS array
 * is not serialized as an array parameter on its own.
 */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}
