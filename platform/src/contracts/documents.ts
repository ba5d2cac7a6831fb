// The platform's contracts as documents any language reads, generated from the typed
// contracts in services/common/src/contracts (never written by hand; `npm run contracts`):
//   docs/contracts/asyncapi.json           AsyncAPI 3.0: a channel per topic, a message per CloudEvent type, who sends and who receives
//   docs/contracts/schemas/<type>.json     JSON Schema (draft-07) of each event type's `data`
//   docs/contracts/routes.openapi.json     OpenAPI 3.1: the internal routes declared for callers (contracts/routes)
import { createHash } from 'node:crypto';
import * as kit from '@winvestco/common';
import { AccessTokenClaims, deadLetterTopicOf, TOPICS, type Route, type Topic } from '@winvestco/common';
import { CONTRACTS_DIR } from '../paths.ts';
import { readConsumers, type Consumers } from './consumers.ts';
import { SchemaBuilder, type JsonSchema } from './schema.ts';

export { CONTRACTS_DIR };

const COMPONENTS = '#/components/schemas/';
const DEFINITIONS = '#/definitions/';
const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
type Constructor = new () => object;

/** What every event travels in: a CloudEvent 1.0 in structured mode (services/common/src/cloudevents.ts). */
function envelope(): JsonSchema {
  return {
    type: 'object',
    description: 'A CloudEvent 1.0, structured mode (content type application/cloudevents+json). The publisher sets the fields below; Dapr adds its own '
      + '(topic, pubsubname, traceparent, ...) on delivery. `id` is the event\'s identity: a consumer applies an event once per id (a redelivery has the same id).',
    required: ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'data'],
    properties: {
      specversion: { const: '1.0' },
      id: { type: 'string', format: 'uuid' },
      source: { type: 'string', description: 'the publishing app id' },
      type: { type: 'string', description: 'the event type: which schema `data` follows' },
      subject: { type: 'string', description: 'what the event is about, when the publisher names it' },
      time: { type: 'string', format: 'date-time', description: 'when the publisher wrote the event' },
      datacontenttype: { const: 'application/json' },
      data: { type: 'object' },
    },
  };
}

interface EventType {
  topic: Topic;
  type: string;
  payload: Constructor;
}

function eventTypes(): EventType[] {
  const all = TOPICS.flatMap((topic) => Object.entries(topic.events).map(([type, payload]) => ({ topic, type, payload: payload })));
  const seen = new Set<string>();
  for (const { type, topic } of all) {
    if (seen.has(type)) throw new Error(`event type ${type} is declared twice (again on topic ${topic.name}); types must be unique across topics`);
    seen.add(type);
  }
  return all;
}

/** The JSON Schema file of one event type's data, standalone (its nested classes under definitions). */
function eventSchema({ topic, type, payload }: EventType): JsonSchema {
  const builder = new SchemaBuilder(DEFINITIONS);
  const name = builder.add(payload);
  const { [name]: root, ...nested } = Object.fromEntries(builder.definitions);
  return {
    $schema: DRAFT_07,
    $id: `https://winvestco.example/contracts/schemas/${type}.json`,
    title: type,
    description: `The data of a ${type} CloudEvent on topic ${topic.name}, published by ${topic.owner} (payload class ${name}).`,
    ...root,
    ...(Object.keys(nested).length ? { definitions: nested } : {}),
  };
}

function asyncApi(types: EventType[], consumers: Consumers, version: string): JsonSchema {
  const schemas = new SchemaBuilder(COMPONENTS);
  const messages: Record<string, JsonSchema> = {};
  for (const { topic, type, payload } of types) {
    messages[type] = {
      name: type,
      title: type,
      summary: `On topic ${topic.name}, from ${topic.owner}.`,
      contentType: 'application/cloudevents+json',
      payload: { allOf: [{ $ref: `${COMPONENTS}CloudEvent` }, { type: 'object', properties: { type: { const: type }, source: { const: topic.owner }, data: { $ref: schemas.ref(payload) } } }] },
    };
  }
  const channels: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  for (const topic of TOPICS) {
    const types = Object.keys(topic.events);
    channels[topic.name] = {
      address: `{topicPrefix}${topic.name}`,
      title: topic.name,
      description: `Published by ${topic.owner} only (the broker component's publishing scopes). Each consumer's poison events go to its own topic <app id>.deadletter (${deadLetterTopicOf('<app id>')}).`,
      parameters: { topicPrefix: { $ref: '#/components/parameters/topicPrefix' } },
      messages: Object.fromEntries(types.map((t) => [t, { $ref: `#/components/messages/${t}` }])),
    };
    const refs = (list: readonly string[]) => list.map((t) => ({ $ref: `#/channels/${topic.name}/messages/${t}` }));
    operations[`${topic.owner}.sends.${topic.name}`] = {
      action: 'send', channel: { $ref: `#/channels/${topic.name}` }, title: `${topic.owner} publishes ${topic.name}`, 'x-app-id': topic.owner, messages: refs(types),
    };
    for (const [appId, topics] of consumers) {
      const handled = topics.get(topic.name);
      if (!handled) continue;
      const unknown = handled.filter((t) => !types.includes(t));
      if (unknown.length) throw new Error(`${appId} consumes ${unknown.join(', ')}, which topic ${topic.name} does not declare`);
      operations[`${appId}.receives.${topic.name}`] = {
        action: 'receive', channel: { $ref: `#/channels/${topic.name}` }, title: `${appId} consumes ${topic.name}`, 'x-app-id': appId, messages: refs(handled),
      };
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Winvestco platform events',
      version,
      description: 'Generated from services/common/src/contracts by `npm run contracts`; do not edit. Every event is published through a Dapr sidecar to the '
        + 'pub/sub component `pubsub` (Redis Streams by default; RabbitMQ, MQTT or NATS by YAML alone) as a CloudEvent whose `data` follows the schema of its type. '
        + 'Delivery is at least once and, per topic, in the order published: a consumer applies each event once per CloudEvent id and answers Dapr '
        + '{"status":"SUCCESS"}, {"status":"RETRY"} (try again later) or {"status":"DROP"}. A payload names every field; a consumer ignores fields it does not know. '
        + 'Amounts are decimal strings (never JSON numbers), at most 4 decimals; times are RFC 3339.',
    },
    defaultContentType: 'application/cloudevents+json',
    servers: {
      sidecar: {
        host: '127.0.0.1:{daprHttpPort}',
        protocol: 'http',
        pathname: '/v1.0/publish/pubsub',
        description: 'An app publishes and subscribes only through its own Dapr sidecar: POST /v1.0/publish/pubsub/<topic> (header dapr-api-token: DAPR_API_TOKEN), '
          + 'and declares its subscriptions in its answer to GET /dapr/subscribe (a routing rule per event type: match event.type == "<type>").',
        variables: { daprHttpPort: { default: '3500', description: 'DAPR_HTTP_PORT, given to the app' } },
      },
    },
    channels,
    operations,
    components: {
      schemas: { CloudEvent: envelope(), ...Object.fromEntries(schemas.definitions) },
      messages,
      parameters: {
        topicPrefix: {
          description: 'Prepended to every topic name, given to each app as TOPIC_PREFIX: empty on a platform, `t<run>.` in a test run, so runs never meet.',
          default: '',
        },
      },
    },
  };
}

function isRoute(value: unknown): value is Route<object | undefined, object> {
  const r = value as Partial<Route<object | undefined, object>> | null;
  return typeof r === 'object' && r !== null && typeof r.app === 'string' && typeof r.method === 'string' && typeof r.path === 'string' && typeof r.answer === 'function';
}

/** Every route the kit declares for callers (contracts/routes), by export name: `fundsRoutes.lock` → funds.lock. */
function declaredRoutes(): { id: string; route: Route<object | undefined, object> }[] {
  const found: { id: string; route: Route<object | undefined, object> }[] = [];
  for (const [name, value] of Object.entries(kit).sort(([a], [b]) => a.localeCompare(b))) {
    if (!name.endsWith('Routes') || typeof value !== 'object' || value === null) continue;
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.every(([, r]) => isRoute(r))) continue;
    for (const [key, route] of entries) found.push({ id: `${name.slice(0, -'Routes'.length)}.${key}`, route: route as Route<object | undefined, object> });
  }
  return found;
}

/** A query class's properties as OpenAPI query parameters. */
function queryParameters(query: Constructor | undefined): JsonSchema[] {
  if (!query) return [];
  const builder = new SchemaBuilder(COMPONENTS);
  const schema = builder.definitions.get(builder.add(query))!;
  if (builder.definitions.size > 1) throw new Error(`query class ${query.name} nests another class; a query string cannot`);
  const required = schema.required as string[];
  // An optional parameter is absent, never null: its schema without the null branch.
  return Object.entries(schema.properties as Record<string, JsonSchema>).map(([name, property]) => (
    required.includes(name) ? { name, in: 'query', required: true, schema: property } : { name, in: 'query', required: false, schema: (property.anyOf as JsonSchema[])[0] }
  ));
}

function openApi(version: string): JsonSchema {
  // A body with a property its class does not declare is refused (parseBody); an answer's
  // caller ignores what it does not know (call()).
  const requests = new SchemaBuilder(COMPONENTS);
  const schemas = new SchemaBuilder(COMPONENTS, false);
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const { id, route } of declaredRoutes()) {
    const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
    const pathKey = `/v1.0/invoke/${route.app}/method${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    (paths[pathKey] ??= {})[route.method.toLowerCase()] = {
      operationId: id,
      summary: `${route.method} ${route.path} on ${route.app}, through the caller's own sidecar`,
      ...(params.length || route.query ? { parameters: [...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })), ...queryParameters(route.query)] } : {}),
      ...(route.request ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: requests.ref(route.request) } } } } } : {}),
      responses: {
        '200': { description: 'The answer', content: { 'application/json': { schema: { $ref: schemas.ref(route.answer) } } } },
        ...(route.method === 'POST' ? { '201': { description: 'The answer, when the call made something', content: { 'application/json': { schema: { $ref: schemas.ref(route.answer) } } } } } : {}),
        default: { description: 'A refusal (4xx) or a failure (5xx), as RFC 9457 problem details', content: { 'application/problem+json': { schema: { $ref: `${COMPONENTS}Problem` } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Winvestco internal routes',
      version,
      description: 'Generated from services/common/src/contracts/routes by `npm run contracts`; do not edit. A caller invokes a route through its own sidecar '
        + '(Dapr service invocation); the callee\'s sidecar lets it through only when dapr/policy.yaml grants that caller the route (public routes: every known app). '
        + 'A call that changes something carries an Idempotency-Key header; a repeat gets the first answer. A 5xx, 408, 425 or 429 may succeed later; any other 4xx is final.',
    },
    servers: [{ url: 'http://127.0.0.1:{daprHttpPort}', description: "the caller's own sidecar", variables: { daprHttpPort: { default: '3500' } } }],
    security: [{ daprApiToken: [] }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      securitySchemes: {
        daprApiToken: { type: 'apiKey', in: 'header', name: 'dapr-api-token', description: 'DAPR_API_TOKEN: the app\'s own token for its sidecar' },
        accessToken: {
          type: 'http', scheme: 'bearer', bearerFormat: 'JWT',
          description: `A user's access token (Authorization: Bearer), on the routes clients call through the gateway: an EdDSA JWT whose claims are ${schemas.add(AccessTokenClaims)}, `
            + 'signed by a key of GET /.well-known/jwks.json (user-service); whether it still stands, and the account\'s roles now, answers GET /internal/sessions/accounts/{userId}.',
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
        ...mergeDefinitions(requests.definitions, schemas.definitions),
      },
    },
  };
}

function mergeDefinitions(a: Map<string, JsonSchema>, b: Map<string, JsonSchema>): Record<string, JsonSchema> {
  const merged = Object.fromEntries(a);
  for (const [name, schema] of b) {
    if (name in merged && JSON.stringify(merged[name]) !== JSON.stringify(schema)) throw new Error(`${name} is both a request body and (part of) an answer; give each its own class`);
    merged[name] = schema;
  }
  return Object.fromEntries(Object.entries(merged).sort(([x], [y]) => x.localeCompare(y)));
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A page for people: what is where, and who sends and receives each type. */
function readme(types: EventType[], consumers: Consumers): string {
  const { topics, eventTypes: count, routes } = coverage();
  const rows = types.map(({ topic, type }) => {
    const to = [...consumers].filter(([, t]) => t.get(topic.name)?.includes(type)).map(([appId]) => appId);
    return `| \`${topic.name}\` | [\`${type}\`](schemas/${type}.json) | ${topic.owner} | ${to.join(', ') || '(none yet)'} |`;
  });
  return [
    '# Contracts',
    '',
    'Generated by `npm run contracts` from `services/common/src/contracts`; do not edit (a test fails while these differ from the code).',
    '',
    `- [asyncapi.json](asyncapi.json): AsyncAPI 3.0, ${topics} topics, ${count} event types (CloudEvents), who publishes and who consumes each;`,
    `- [schemas/](schemas/): the JSON Schema (draft-07) of each event type's \`data\`;`,
    `- [routes.openapi.json](routes.openapi.json): OpenAPI 3.1, the ${routes} internal routes declared for callers (Dapr service invocation).`,
    '',
    '| topic | event type | publisher | consumers |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** Every document, by path under docs/contracts/, as its exact text. */
export async function contractDocuments(): Promise<Map<string, string>> {
  const types = eventTypes();
  const files = new Map<string, string>();
  for (const type of [...types].sort((a, b) => a.type.localeCompare(b.type))) files.set(`schemas/${type.type}.json`, json(eventSchema(type)));
  const consumers = await readConsumers();
  // The version moves with the contracts themselves, so a reader can tell two documents apart.
  const unversioned = [...files.values(), json(asyncApi(types, consumers, '')), json(openApi(''))].join('');
  const version = `1.0.0+${createHash('sha256').update(unversioned).digest('hex').slice(0, 12)}`;
  files.set('asyncapi.json', json(asyncApi(types, consumers, version)));
  files.set('routes.openapi.json', json(openApi(version)));
  files.set('README.md', readme(types, consumers));
  return files;
}

/** What the documents cover, for the README and the report. */
export function coverage(): { topics: number; eventTypes: number; routes: number } {
  return { topics: TOPICS.length, eventTypes: eventTypes().length, routes: declaredRoutes().length };
}
