import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { problems, type FieldError } from './problem.ts';

type Constructor<T> = new () => T;

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Turns an untrusted body into a validated DTO, or throws a 400 problem naming every bad
 * field. Unknown properties are rejected so a typo in a field name is not silently ignored.
 */
export async function parseBody<T extends object>(dto: Constructor<T>, body: unknown): Promise<T> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw problems.validation([{ field: '(body)', message: 'the request body must be a JSON object' }]);
  }
  const instance = plainToInstance(dto, body);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (errors.length > 0) throw problems.validation(flatten(errors));
  return instance;
}

/** Same rules for query strings: every value arrives as a string. */
export async function parseQuery<T extends object>(dto: Constructor<T>, query: Record<string, unknown>): Promise<T> {
  return parseBody(dto, { ...query });
}
