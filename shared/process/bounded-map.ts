/**
 * Sets `key` in `map`, first dropping the map's oldest entry (the first added) when it already holds
 * `max` (at least 1): the memory a process keeps per client, token or key stays bounded whatever a flood
 * brings, and a hit costs what a Map's get costs, with no recency to track.
 */
export function setBounded<K, V>(map: Map<K, V>, max: number, key: K, value: V): void {
  if (map.size >= max && !map.has(key)) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
