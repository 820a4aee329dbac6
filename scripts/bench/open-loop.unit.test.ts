import { failuresOf } from './open-loop';

describe('failuresOf', () => {
  it('says nothing when every request was answered 2xx', () => {
    expect(failuresOf({ errors: 0, statuses: { 202: 1000 } })).toBe('');
  });

  it('names each status that was not 2xx with its count, and the requests that got no answer', () => {
    expect(failuresOf({ errors: 7, statuses: { 202: 993, 503: 4, 500: 1 } })).toBe('; not 2xx: 500 ×1, 503 ×4, no answer or connection error ×2');
  });

  it('counts only the unanswered when no answer failed', () => {
    expect(failuresOf({ errors: 3, statuses: { 200: 10 } })).toBe('; not 2xx: no answer or connection error ×3');
  });

  it('names them as told', () => {
    expect(failuresOf({ errors: 2, statuses: { 202: 98, 503: 2 } }, 'in the warm-up, not 2xx')).toBe('; in the warm-up, not 2xx: 503 ×2');
  });
});
