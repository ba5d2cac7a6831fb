import { plainToInstance } from 'class-transformer';
import { validate, ValidateBy, type ValidationError, type ValidationOptions } from 'class-validator';
import { problems, type FieldError } from './problem.ts';

export type Constructor<T> = new () => T;

// Deeper JSON than any DTO needs; a deeply nested array would otherwise overflow the stack
// inside class-transformer and surface as a 500.
const MAX_DEPTH = 16;

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * What PostgreSQL would refuse later (a NUL byte in text, a lone surrogate in jsonb) and
 * what would blow the stack, found up front and named by field.
 */
export function unsafeJson(value: unknown, path = '', depth = 0): FieldError | null {
  const field = path || '(body)';
  if (depth > MAX_DEPTH) return { field, message: `${field} is nested too deeply` };
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { field, message: `${field} must not contain NUL characters` };
    if (!value.isWellFormed()) return { field, message: `${field} must be valid Unicode text` };
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = unsafeJson(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const keyProblem = unsafeJson(key, path ? `${path}.(key)` : '(key)', depth + 1);
      if (keyProblem) return keyProblem;
      const found = unsafeJson(inner, path ? `${path}.${key}` : key, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/**
 * The field errors of `plain` against a class-validator class; empty when it is valid.
 * `forbidUnknown` refuses properties the class does not declare.
 */
export async function fieldErrors<T extends object>(dto: Constructor<T>, plain: unknown, forbidUnknown: boolean): Promise<{ value: T; errors: FieldError[] }> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { value: undefined as unknown as T, errors: [{ field: '(body)', message: 'the request body must be a JSON object' }] };
  }
  const unsafe = unsafeJson(plain);
  if (unsafe) return { value: undefined as unknown as T, errors: [unsafe] };
  const value = plainToInstance(dto, plain);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: forbidUnknown, validationError: { target: false, value: false } });
  return { value, errors: flatten(errors) };
}

/**
 * Turns an untrusted body into a validated DTO, or throws a 400 problem naming every bad
 * field. Unknown properties are rejected so a typo in a field name is not silently ignored.
 */
export async function parseBody<T extends object>(dto: Constructor<T>, body: unknown): Promise<T> {
  const { value, errors } = await fieldErrors(dto, body, true);
  if (errors.length > 0) throw problems.validation(errors);
  return value;
}

/** Same rules for query strings: every value arrives as a string. */
export async function parseQuery<T extends object>(dto: Constructor<T>, query: Record<string, unknown>): Promise<T> {
  return parseBody(dto, { ...query });
}

/**
 * A property that is an object of class `dto` (an answer nesting another, say), checked
 * with that class's own rules; the message names the inner fields that are wrong.
 */
export function IsInstanceOf<T extends object>(dto: () => Constructor<T>, options?: ValidationOptions) {
  const problemsOf = new WeakMap<object, string>();
  return ValidateBy(
    {
      name: 'isInstanceOf',
      // The class, for the contracts' schemas (platform/src/contracts).
      constraints: [dto],
      validator: {
        validate: async (value: unknown, args) => {
          const { errors } = await fieldErrors(dto(), value, false);
          if (errors.length && args?.object) problemsOf.set(args.object, errors.map((e) => `${e.field}: ${e.message}`).join('; '));
          return errors.length === 0;
        },
        defaultMessage: (args) => `${args?.property} is not a valid ${dto().name}${args?.object && problemsOf.has(args.object) ? ` (${problemsOf.get(args.object)})` : ''}`,
      },
    },
    options,
  );
}
