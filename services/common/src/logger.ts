import { pino, type Logger } from 'pino';

export type { Logger };

// pg-promise puts the failed query and its parameters on the error; they can hold emails
// and password hashes, so they never reach a log line.
const UNLOGGED_ERROR_FIELDS = ['query', 'params', 'values'];

function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const field of UNLOGGED_ERROR_FIELDS) delete serialized[field];
  return serialized;
}

/** One JSON line per event; `service` on every line so merged logs stay readable. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info', destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeError, error: serializeError },
    redact: {
      paths: ['password', '*.password', 'newPassword', '*.newPassword', 'currentPassword', '*.currentPassword', 'req.headers.authorization', 'req.headers["dapr-api-token"]'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
