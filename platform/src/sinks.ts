// Where the notification service's email, SMS and push land on this machine: a real SMTP
// server (the Dapr SMTP binding speaks to it) and an HTTP endpoint (the HTTP bindings of SMS
// and push post to it). Nothing leaves the machine; every message is kept as files a test and
// a developer can read (`npm run mail`): <dir>/mail/*.eml with a *.json beside it,
// <dir>/sms/*.json, <dir>/push/*.json.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * Mail to this domain is refused at RCPT TO (550), as a mailbox that does not exist would be:
 * how a test (or a developer) sees retries, backoff and a dead-lettered delivery.
 */
export const REFUSED_MAIL_DOMAIN = 'refused.example';

export type SinkKind = 'mail' | 'sms' | 'push';

export interface SinkAddresses {
  smtpHost: string;
  smtpPort: number;
  /** The HTTP sink's base URL; SMS posts to /sms, push to /push. */
  httpUrl: string;
}

export interface RunningSinks extends SinkAddresses {
  dir: string;
  stop(): Promise<void>;
}

/** One kept mail, as its .json says. */
export interface KeptMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  file: string;
}

export interface KeptMessage {
  id: string;
  receivedAt: string;
  kind: SinkKind;
  body: unknown;
  file: string;
}

function stamp(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
}

export async function startSinks(options: { dir: string; smtpPort?: number; httpPort?: number; host?: string; refuse?: (address: string) => boolean }): Promise<RunningSinks> {
  const host = options.host ?? '127.0.0.1';
  const refuse = options.refuse ?? ((address: string) => address.toLowerCase().endsWith(`@${REFUSED_MAIL_DOMAIN}`));
  for (const kind of ['mail', 'sms', 'push'] as const) mkdirSync(path.join(options.dir, kind), { recursive: true });

  const smtp = new SMTPServer({
    // Plain SMTP on loopback, no login: what a local mail catcher is.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    size: 5 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (refuse(address.address)) {
        callback(Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const id = stamp();
        const eml = path.join(options.dir, 'mail', `${id}.eml`);
        writeFileSync(eml, raw);
        simpleParser(raw).then((parsed) => {
          const kept: KeptMail = {
            id, receivedAt: new Date().toISOString(),
            from: parsed.from?.text ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '', text: parsed.text ?? '', html: typeof parsed.html === 'string' ? parsed.html : null, file: eml,
          };
          writeFileSync(path.join(options.dir, 'mail', `${id}.json`), `${JSON.stringify(kept, null, 2)}\n`);
          callback();
        }, (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      });
    },
  });
  smtp.listen(options.smtpPort ?? 0, host);
  await once(smtp.server, 'listening');
  const smtpPort = (smtp.server.address() as { port: number }).port;

  const http: Server = createServer((req, res) => {
    const kind = req.url === '/sms' ? 'sms' : req.url === '/push' ? 'push' : null;
    if (req.method !== 'POST' || !kind) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'POST /sms or /push' }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text
      }
      const id = stamp();
      const file = path.join(options.dir, kind, `${id}.json`);
      const kept: KeptMessage = { id, receivedAt: new Date().toISOString(), kind, body, file };
      writeFileSync(file, `${JSON.stringify(kept, null, 2)}\n`);
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
    });
  });
  http.listen(options.httpPort ?? 0, host);
  await once(http, 'listening');
  const httpPort = (http.address() as { port: number }).port;

  return {
    dir: options.dir, smtpHost: host, smtpPort, httpUrl: `http://${host}:${httpPort}`,
    stop: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** The mails kept in `dir`, oldest first. */
export function keptMail(dir: string): KeptMail[] {
  const folder = path.join(dir, 'mail');
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(readFileSync(path.join(folder, f), 'utf8')) as KeptMail);
}

/** The SMS or push messages kept in `dir`, oldest first. */
export function keptMessages(dir: string, kind: 'sms' | 'push'): KeptMessage[] {
  const folder = path.join(dir, kind);
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(readFileSync(path.join(folder, f), 'utf8')) as KeptMessage);
}
