import { pino, type Logger } from 'pino';

export type { Logger };

/** One JSON line per event; `service` on every line so merged logs stay readable. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['password', '*.password', 'newPassword', '*.newPassword', 'currentPassword', '*.currentPassword', 'req.headers.authorization', 'req.headers["dapr-api-token"]'], censor: '[redacted]' },
  });
}
