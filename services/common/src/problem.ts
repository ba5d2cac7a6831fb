// RFC 9457 problem details. Handlers throw a Problem; the app factory renders it.

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://winvestco.example/problems/';

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }

  body(instance?: string): ProblemBody {
    const body: ProblemBody = { type: TYPE_BASE + this.slug, title: this.title, status: this.status };
    if (this.detail) body.detail = this.detail;
    if (instance) body.instance = instance;
    if (this.errors) body.errors = this.errors;
    return body;
  }
}

export const problems = {
  validation: (errors: FieldError[]) =>
    new Problem(400, 'validation', 'Your request is not valid', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors),
  /** Well-formed, but against a business rule (a price off the tick, a lot size): each error names its field. */
  unprocessable: (errors: FieldError[]) =>
    new Problem(422, 'unprocessable', 'Your request breaks a rule', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors),
  badRequest: (detail: string) => new Problem(400, 'bad-request', 'Bad request', detail),
  unauthorized: (detail = 'A valid bearer token is required') =>
    new Problem(401, 'unauthorized', 'Unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer' }),
  forbidden: (detail = 'You are not allowed to do this') => new Problem(403, 'forbidden', 'Forbidden', detail),
  notFound: (detail: string) => new Problem(404, 'not-found', 'Not found', detail),
  conflict: (detail: string) => new Problem(409, 'conflict', 'Conflict', detail),
  tooLarge: (detail: string) => new Problem(413, 'too-large', 'Payload too large', detail),
  unsupportedMediaType: (detail: string) => new Problem(415, 'unsupported-media-type', 'Unsupported media type', detail),
  tooManyRequests: (detail: string, retryAfterSeconds: number) =>
    new Problem(429, 'too-many-requests', 'Too many requests', detail, undefined, { 'Retry-After': String(retryAfterSeconds) }),
  unavailable: (detail: string, retryAfterSeconds?: number) =>
    new Problem(503, 'unavailable', 'Service unavailable', detail, undefined, retryAfterSeconds ? { 'Retry-After': String(retryAfterSeconds) } : {}),
  badGateway: (detail: string) => new Problem(502, 'bad-gateway', 'Bad gateway', detail),
  gatewayTimeout: (detail: string) => new Problem(504, 'gateway-timeout', 'Gateway timeout', detail),
};
