/**
 * `compute`, remembered for up to `max` arguments seen lately; a full memo starts afresh, which costs
 * nothing per hit (no age to track) on paths every request takes. For pure functions of their argument.
 */
export function memoized<K, V>(max: number, compute: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      if (known.size >= max) known.clear();
      value = compute(key);
      known.set(key, value);
    }
    return value;
  };
}
