import { randomUUID } from 'node:crypto';
import { OrderBook, type OrderRequest } from '../services/trade/src/domain/book.ts';
const N = 300_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function isUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) { if (c !== 45) return false; }
    else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
const ids = Array.from({ length: N }, () => randomUUID());
for (let round = 0; round < 3; round++) {
  const reqs: OrderRequest[] = ids.map((orderId, i) => ({ orderId, userId: 'u' + (i % 100), side: i % 2 ? 'BUY' : 'SELL', type: 'LIMIT', validity: 'DAY', quantity: 10, limitPrice: i % 2 ? 10000 - (i % 20) * 5 - 5 : 10000 + (i % 20) * 5 + 5 }));
  const book = new OrderBook('X');
  let t = process.hrtime.bigint();
  for (const r of reqs) book.place(r);
  const place = Number(process.hrtime.bigint() - t) / N;
  t = process.hrtime.bigint();
  for (const r of reqs) book.cancel(r.orderId);
  const cancel = Number(process.hrtime.bigint() - t) / N;
  t = process.hrtime.bigint(); let x = 0;
  for (const id of ids) x += UUID.test(id) ? 1 : 0;
  const re = Number(process.hrtime.bigint() - t) / N;
  t = process.hrtime.bigint();
  for (const id of ids) x += isUuid(id) ? 1 : 0;
  const loop = Number(process.hrtime.bigint() - t) / N;
  console.log(`place(rest) ${place.toFixed(0)} ns  cancel ${cancel.toFixed(0)} ns  regex ${re.toFixed(0)} ns  loop ${loop.toFixed(0)} ns`, x);
}
