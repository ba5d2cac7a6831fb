/** Refused by the book, with the field to name when it is the caller's mistake; nothing changed. */
export class BookRefusal extends Error {
  constructor(readonly status: 404 | 409 | 422, message: string, readonly field?: string) {
    super(message);
  }
}
