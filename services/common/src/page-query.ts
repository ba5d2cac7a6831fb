// What list routes and text fields share in their DTOs.
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { decodeCursor, type PageKey } from './paging.ts';
import { problems } from './problem.ts';

/** A query string value as a number (class-transformer), so IsInt can judge it. */
export const toNumber = ({ value }: { value: unknown }) => (value === undefined ? value : Number(value));
/** Text without the spaces around it. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const DEFAULT_PAGE_SIZE = 50;

/** `?limit=&cursor=` of a list route; its query DTO extends this. */
export class PageQuery {
  @IsOptional() @Transform(toNumber) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;
}

/** Where a page starts: null for the first; a 400 naming `cursor` when this service did not issue it. */
export function pageStart(query: PageQuery): PageKey | null {
  if (!query.cursor) return null;
  const key = decodeCursor(query.cursor);
  if (!key) throw problems.validation([{ field: 'cursor', message: 'cursor is not one this service issued' }]);
  return key;
}
