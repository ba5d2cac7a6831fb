// One OrderBook actor per symbol. Dapr's placement gives each symbol one host among the
// trade-service replicas and runs one call per actor at a time, so a book has one writer;
// the actor keeps the book in memory, rebuilt from the database when it is activated here
// (first call, a restart, a move from a replica that died).
import { call, marketRoutes, type ActorType, type DaprSidecar, type Logger } from '@winvestco/common';
import { restoreBook, type LiveBook } from './book.ts';
import { BookRefusal } from './refusal.ts';
import { cancel, modify, quoteMoved, submit, type TradeDb } from './usecases.ts';

export const BOOK_ACTOR = 'OrderBook';

/** What a book call answers: Dapr passes only 200s through as they are, so refusals travel inside. */
export type BookAnswer = { ok: true; body: unknown } | { ok: false; status: number; detail: string; field?: string };

export function bookActor(db: TradeDb, dapr: DaprSidecar, log: Logger): ActorType {
  const books = new Map<string, Promise<LiveBook>>();

  const load = (symbol: string): Promise<LiveBook> => {
    let book = books.get(symbol);
    if (!book) {
      book = (async () => {
        const [rows, quote] = await Promise.all([db.book.live(symbol), call(dapr, marketRoutes.quote, { params: { symbol } })]);
        log.info({ symbol, orders: rows.length }, 'order book activated: rebuilt from the database');
        return restoreBook(symbol, rows, quote.ok ? quote.body : null);
      })();
      books.set(symbol, book);
      book.catch(() => books.delete(symbol));
    }
    return book;
  };

  /** Runs one turn; a failure drops the book (it may be ahead of the database) so the next call rebuilds it. */
  const turn = async (symbol: string, work: (book: LiveBook) => Promise<unknown>): Promise<BookAnswer> => {
    try {
      return { ok: true, body: await work(await load(symbol)) };
    } catch (error) {
      if (error instanceof BookRefusal) return { ok: false, status: error.status, detail: error.message, ...(error.field ? { field: error.field } : {}) };
      books.delete(symbol);
      throw error;
    }
  };

  type Body = Record<string, unknown>;
  return {
    methods: {
      submit: (symbol, body) => turn(symbol, (book) => submit(db, book, body as never)),
      cancel: (symbol, body) => turn(symbol, (book) => cancel(db, book, symbol, (body as Body).orderId as string, (body as Body).reason as string, (body as Body).expired === true)),
      modify: (symbol, body) => turn(symbol, (book) => modify(db, book, symbol, (body as Body).orderId as string, (body as Body).quantity as number, (body as Body).limitPrice as string)),
      quote: (symbol, body) => turn(symbol, (book) => quoteMoved(db, book, symbol, body as { last: string; bid: string; ask: string })),
      depth: (symbol) => turn(symbol, async (book) => book.depth()),
    },
    deactivate: (symbol) => {
      books.delete(symbol);
    },
  };
}
