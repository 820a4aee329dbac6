import { setBounded } from '../process/bounded-map';

/**
 * `compute`, remembered for up to `max` arguments seen lately (the oldest goes first), which costs nothing
 * per hit on paths every request takes. For pure functions of their argument.
 */
export function memoized<K, V>(max: number, compute: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      setBounded(known, max, key, value);
    }
    return value;
  };
}
