// Test runs only: every event a relay publishes is checked against the JSON Schema of its
// type that `npm run contracts` published (docs/contracts/schemas/<type>.json), the very
// document another language's consumer reads. The harness turns it on (CONTRACT_SCHEMAS,
// CONTRACT_VIOLATIONS); without those variables nothing is loaded and nothing is checked.
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Counter } from 'prom-client';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

export interface ContractViolation {
  app: string;
  topic: string;
  type: string;
  eventId: string;
  errors: string[];
}

export type ContractCheck = (event: { id: string; topic: string; type: string; data: unknown }) => void;

interface Validator {
  (data: unknown): boolean;
  errors?: { instancePath: string; message?: string }[] | null;
}

/** The check the environment asks for, or undefined (production). */
export async function contractCheckFromEnv(app: string, log: Logger, metrics: Metrics, env = process.env): Promise<ContractCheck | undefined> {
  const dir = env.CONTRACT_SCHEMAS;
  if (!dir) return undefined;
  const violationsFile = env.CONTRACT_VIOLATIONS;
  // ajv is a development dependency: loaded only here. Both packages are CommonJS whose
  // module.exports is the function itself, with a `default` pointing back at it.
  const ajvModule = await import('ajv');
  const formatsModule = await import('ajv-formats');
  const ajv = new ajvModule.default.default({ strict: true, allErrors: true, allowUnionTypes: true });
  formatsModule.default.default(ajv);
  const validators = new Map<string, Validator>();
  for (const file of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []) {
    validators.set(file.slice(0, -'.json'.length), ajv.compile(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as object) as Validator);
  }
  const violations = new Counter({
    name: 'contract_violations_total', help: 'Events published that their contract (docs/contracts) does not allow; test runs only', labelNames: ['topic', 'type'], registers: [metrics.registry],
  });
  log.info({ schemas: validators.size, dir }, 'checking every published event against its contract');
  return (event) => {
    const validate = validators.get(event.type);
    const errors = !validate
      ? [`no contract for type ${event.type} (docs/contracts/schemas/${event.type}.json); run npm run contracts`]
      : validate(event.data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(data)'} ${e.message ?? 'is invalid'}`);
    if (errors.length === 0) return;
    violations.inc({ topic: event.topic, type: event.type });
    const violation: ContractViolation = { app, topic: event.topic, type: event.type, eventId: event.id, errors };
    log.error(violation, 'CONTRACT VIOLATION: this event is not what its contract says');
    if (violationsFile) appendFileSync(violationsFile, `${JSON.stringify(violation)}\n`);
  };
}
