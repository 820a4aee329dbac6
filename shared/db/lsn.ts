/** A PostgreSQL LSN ('16/B374D848') as a number of WAL bytes, to compare and subtract. */
export function parseLsn(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}
