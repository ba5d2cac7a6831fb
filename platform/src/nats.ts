// NATS JetStream keeps messages only in a stream that covers their subject, and Dapr's
// pubsub.jetstream component declares none: the platform does (the set-up for its topics,
// the test harness for a run's). Spoken over the NATS text protocol (INFO/CONNECT, PUB with
// a reply inbox, MSG): one request per call, no client library needed.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { deadLetterTopicOf, TOPICS } from '@winvestco/common';

export interface StreamSpec {
  name: string;
  subjects: string[];
}

interface JsReply {
  error?: { code: number; err_code?: number; description: string };
  [key: string]: unknown;
}

/** One JetStream API request (`$JS.API.<api>`) and its JSON reply. */
export async function jetStreamRequest(natsUrl: string, api: string, body: unknown, timeoutMs = 5000): Promise<JsReply> {
  const url = new URL(natsUrl);
  const socket = net.connect(Number(url.port || 4222), url.hostname);
  const inbox = `_INBOX.${randomBytes(8).toString('hex')}`;
  const payload = Buffer.from(JSON.stringify(body));
  try {
    return await new Promise<JsReply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from NATS at ${natsUrl} to ${api} within ${timeoutMs} ms`)), timeoutMs);
      let buffer = Buffer.alloc(0);
      let sent = false;
      socket.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          const end = buffer.indexOf('\r\n');
          if (end < 0) return;
          const line = buffer.subarray(0, end).toString();
          if (line.startsWith('MSG ')) {
            const size = Number(line.split(' ').pop());
            if (buffer.length < end + 2 + size + 2) return;
            const data = buffer.subarray(end + 2, end + 2 + size).toString();
            clearTimeout(timer);
            resolve(JSON.parse(data) as JsReply);
            return;
          }
          buffer = buffer.subarray(end + 2);
          if (line.startsWith('INFO ') && !sent) {
            sent = true;
            const credentials = url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : {};
            socket.write(`CONNECT ${JSON.stringify({ verbose: false, pedantic: false, name: 'winvestco-platform', ...credentials })}\r\n`);
            socket.write(`SUB ${inbox} 1\r\nPUB $JS.API.${api} ${inbox} ${payload.length}\r\n`);
            socket.write(Buffer.concat([payload, Buffer.from('\r\n')]));
          } else if (line.startsWith('PING')) {
            socket.write('PONG\r\n');
          } else if (line.startsWith('-ERR')) {
            clearTimeout(timer);
            reject(new Error(`NATS at ${natsUrl}: ${line}`));
            return;
          }
        }
      });
    });
  } finally {
    socket.destroy();
  }
}

/**
 * Creates the stream, or brings an existing one's subjects up to date. File storage and
 * limits-based retention: a message stays until the limits say otherwise, whoever consumed
 * it, so a consumer that was down finds everything published meanwhile.
 */
export async function declareStream(natsUrl: string, spec: StreamSpec): Promise<void> {
  const config = { name: spec.name, subjects: spec.subjects, storage: 'file', retention: 'limits', max_age: 7 * 24 * 3600 * 1e9, discard: 'old', num_replicas: 1 };
  const created = await jetStreamRequest(natsUrl, `STREAM.CREATE.${spec.name}`, config);
  if (!created.error) return;
  // 10058: a stream of that name exists already.
  if (created.error.err_code !== 10058) throw new Error(`NATS refused stream ${spec.name}: ${created.error.description}`);
  const updated = await jetStreamRequest(natsUrl, `STREAM.UPDATE.${spec.name}`, config);
  if (updated.error) throw new Error(`NATS refused to update stream ${spec.name}: ${updated.error.description}`);
}

export async function deleteStream(natsUrl: string, name: string): Promise<void> {
  const reply = await jetStreamRequest(natsUrl, `STREAM.DELETE.${name}`, {});
  // 10059: no such stream.
  if (reply.error && reply.error.err_code !== 10059) throw new Error(`NATS refused to delete stream ${name}: ${reply.error.description}`);
}

/** The platform's stream: every topic and every app's dead letters (a second platform's with its topic prefix). */
export function platformStream(topicPrefix: string, appIds: readonly string[]): StreamSpec {
  const name = `winvestco${topicPrefix ? `-${topicPrefix.replace(/[^A-Za-z0-9_-]/g, '_')}` : ''}`;
  return { name, subjects: [...TOPICS.map((t) => t.name), ...appIds.map(deadLetterTopicOf)].map((s) => topicPrefix + s) };
}
