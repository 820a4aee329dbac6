import { validate, version } from 'uuid';
import { newId } from './new-id';

it('makes distinct UUIDv7s stamped with the time they were made, across refills of its random pool', () => {
  const before = Date.now();
  const ids = Array.from({ length: 1_000 }, newId);
  const after = Date.now();
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) {
    expect(validate(id) && version(id)).toBe(7);
    const stamped = parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(stamped).toBeGreaterThanOrEqual(before);
    expect(stamped).toBeLessThanOrEqual(after);
  }
  // 1,000 ids take 16,000 random bytes: the 4 KiB pool was refilled, and no bytes served twice.
  expect(new Set(ids.map((id) => id.slice(-12))).size).toBe(ids.length);
});
