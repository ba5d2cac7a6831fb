// A contract class (class-validator decorators) as JSON Schema (draft-07, which AsyncAPI's
// own schema format extends). Every validator a contract uses maps to a schema that accepts
// what the validator accepts; a validator with no mapping here stops the generator, so no
// rule is silently dropped from the documents. Patterns avoid look-around, so RE2 (Go's
// regexp) reads them as JavaScript does.
import {
  ARRAY_MIN_SIZE, getMetadataStorage, IS_ARRAY, IS_BOOLEAN, IS_EMAIL, IS_IN, IS_INT, IS_ISO8601, IS_LENGTH, IS_OBJECT, IS_STRING, IS_UUID, MATCHES, MAX, MAX_LENGTH, MIN,
  MIN_LENGTH, ValidationTypes,
} from 'class-validator';
import { MONEY_PATTERN, POSITIVE_MONEY_PATTERN } from '@winvestco/common';

export type JsonSchema = { [key: string]: unknown };
type Constructor = new () => object;

interface Meta {
  type: string;
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
  target: unknown;
}

type Converter = (constraints: unknown[], add: (cls: Constructor) => string) => JsonSchema;

const str = (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...extra });

const CONVERTERS: Record<string, Converter> = {
  [IS_STRING]: () => str(),
  [IS_BOOLEAN]: () => ({ type: 'boolean' }),
  [IS_INT]: () => ({ type: 'integer' }),
  [MIN]: ([min]) => ({ minimum: min }),
  [MAX]: ([max]) => ({ maximum: max }),
  [IS_ARRAY]: () => ({ type: 'array' }),
  [ARRAY_MIN_SIZE]: ([min]) => ({ type: 'array', minItems: min }),
  [IS_OBJECT]: () => ({ type: 'object' }),
  [IS_UUID]: () => str({ format: 'uuid' }),
  // What the platform writes (toISOString) and what RFC 3339 parsers read; the validator
  // alone would also take a date without a time.
  [IS_ISO8601]: () => str({ format: 'date-time' }),
  [IS_EMAIL]: () => str({ format: 'email' }),
  [MIN_LENGTH]: ([min]) => str({ minLength: min }),
  [MAX_LENGTH]: ([max]) => str({ maxLength: max }),
  [IS_LENGTH]: ([min, max]) => str({ minLength: min, ...(max === undefined ? {} : { maxLength: max }) }),
  [MATCHES]: ([pattern, modifiers]) => {
    if (!(pattern instanceof RegExp) || pattern.flags || modifiers) throw new Error(`a Matches rule with flags (${String(pattern)}) has no JSON Schema pattern`);
    return str({ pattern: pattern.source });
  },
  [IS_IN]: ([values]) => {
    const list = values as unknown[];
    if (!list.every((v) => typeof v === 'string')) throw new Error('an IsIn rule of non-strings');
    return str({ enum: [...list] });
  },
  // services/common/src/money.ts: a decimal string, at most four decimals.
  isMoney: ([bounds]) => {
    const { positive, min, max } = (bounds ?? {}) as { positive?: boolean; min?: unknown; max?: unknown };
    if (min !== undefined || max !== undefined) throw new Error('IsMoney with min or max has no exact JSON Schema; a contract uses positive only');
    return str({ pattern: positive ? POSITIVE_MONEY_PATTERN : MONEY_PATTERN, description: positive ? 'an amount above zero: a decimal string, at most 4 decimals ("1250.5000")' : 'an amount: a decimal string, at most 4 decimals ("1250.5000")' });
  },
  // services/common/src/validation.ts: an object checked with its own class's rules.
  isInstanceOf: ([dto], add) => ({ $ref: add((dto as () => Constructor)()) }),
};

function merge(into: JsonSchema, fragment: JsonSchema, where: string): void {
  for (const [key, value] of Object.entries(fragment)) {
    if (key in into && JSON.stringify(into[key]) !== JSON.stringify(value)) throw new Error(`${where}: two rules disagree on "${key}" (${JSON.stringify(into[key])} and ${JSON.stringify(value)})`);
    into[key] = value;
  }
}

/**
 * Builds the schemas of contract classes and of the classes they nest, each kept once under
 * its class name; `$ref`s point at `refPrefix + name`.
 */
export class SchemaBuilder {
  readonly definitions = new Map<string, JsonSchema>();
  private readonly classes = new Map<string, Constructor>();

  /** `closed`: a property the class does not declare is refused (events, request bodies); otherwise allowed (answers a caller reads leniently). */
  constructor(private readonly refPrefix: string, private readonly closed = true) {}

  /** Registers `cls` (and what it nests); answers the `$ref` to it. */
  ref(cls: Constructor): string {
    return this.refPrefix + this.add(cls);
  }

  /** Registers `cls` (and what it nests); answers its name. */
  add(cls: Constructor): string {
    const known = this.classes.get(cls.name);
    if (known && known !== cls) throw new Error(`two contract classes are named ${cls.name}; the documents name schemas by class`);
    if (known) return cls.name;
    this.classes.set(cls.name, cls);
    this.definitions.set(cls.name, {});
    this.definitions.set(cls.name, this.objectSchema(cls));
    return cls.name;
  }

  private objectSchema(cls: Constructor): JsonSchema {
    const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false) as unknown as Meta[];
    const byProperty = new Map<string, Meta[]>();
    for (const meta of metas) byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    // Base-class properties first, each class's in declaration order: the order a reader expects.
    const order = [...byProperty.keys()].sort((a, b) => depth(cls, byProperty.get(b)!) - depth(cls, byProperty.get(a)!));
    for (const property of order) {
      const where = `${cls.name}.${property}`;
      const own: JsonSchema = {};
      const items: JsonSchema = {};
      let optional = false;
      for (const meta of byProperty.get(property)!) {
        if (meta.type === ValidationTypes.CONDITIONAL_VALIDATION) {
          optional = true;
          continue;
        }
        const name = meta.type === ValidationTypes.CUSTOM_VALIDATION ? meta.name : undefined;
        const convert = name ? CONVERTERS[name] : undefined;
        if (!convert) throw new Error(`${where}: the validator ${name ?? meta.type} has no JSON Schema here (platform/src/contracts/schema.ts); add an exact one`);
        let fragment: JsonSchema;
        try {
          fragment = convert(meta.constraints ?? [], (nested) => this.ref(nested));
        } catch (error) {
          throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
        }
        merge(meta.each ? items : own, fragment, where);
      }
      if (Object.keys(items).length > 0) {
        merge(own, { type: 'array' }, where);
        own.items = items;
      }
      // IsOptional lets null and absence through alike.
      properties[property] = optional ? { anyOf: [own, { type: 'null' }] } : own;
      if (!optional) required.push(property);
    }
    return { type: 'object', properties, required, ...(this.closed ? { additionalProperties: false } : {}) };
  }
}

/** How far up the class chain a property is declared (its metadata's target). */
function depth(cls: Constructor, metas: Meta[]): number {
  let n = 0;
  for (let c: unknown = cls; c && c !== metas[0]!.target; c = Object.getPrototypeOf(c)) n += 1;
  return n;
}
