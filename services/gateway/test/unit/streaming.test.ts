import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { forward, wantsEventStream } from '../../src/forward.ts';

// A stand-in for the gateway's sidecar: the unit under test is how forward() passes an
// answer on (the integration tests run it through real sidecars).
async function sidecarLike(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

const request = (accept: string) => ({
  method: 'GET', target: { appId: 'notification-service', path: 'notifications/stream' }, search: '', headers: { accept }, body: undefined,
});

describe('gateway: streaming answers', () => {
  it('when the client asks for an event stream, then that is recognised whatever else its Accept lists', () => {
    expect(wantsEventStream({ accept: 'text/event-stream' })).to.equal(true);
    expect(wantsEventStream({ accept: 'application/json, Text/Event-Stream;q=0.9' })).to.equal(true);
    expect(wantsEventStream({ accept: 'application/json' })).to.equal(false);
    expect(wantsEventStream({})).to.equal(false);
  });

  it('when the answer is an event stream, then its first event is passed on before the stream ends, past the call deadline', async () => {
    let seenAccept = '';
    let finish: () => void = () => undefined;
    const { server, baseUrl } = await sidecarLike((req, res) => {
      seenAccept = req.headers.accept ?? '';
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('id: 1\ndata: {}\n\n');
      finish = () => res.end('id: 2\ndata: {}\n\n');
    });
    try {
      const answer = await forward({ baseUrl, timeoutMs: 300 }, request('text/event-stream, */*'));
      expect(seenAccept, 'Dapr streams only for exactly this Accept').to.equal('text/event-stream');
      expect(answer.body).to.be.instanceOf(Readable);
      const body = answer.body as Readable;
      const first = await new Promise<string>((resolve) => body.once('data', (chunk: Buffer) => resolve(chunk.toString())));
      expect(first).to.equal('id: 1\ndata: {}\n\n');
      await new Promise((resolve) => setTimeout(resolve, 500));
      finish();
      const rest: string[] = [];
      for await (const chunk of body) rest.push(String(chunk));
      expect(rest.join('')).to.equal('id: 2\ndata: {}\n\n');
    } finally {
      server.close();
    }
  });

  it('when Dapr lost a stream\'s error answer, then the same GET is asked plainly and the service\'s own answer is passed on', async () => {
    const accepts: string[] = [];
    const { server, baseUrl } = await sidecarLike((req, res) => {
      accepts.push(req.headers.accept ?? '');
      if (req.headers.accept === 'text/event-stream') {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errorCode: 'ERR_DIRECT_INVOKE', message: 'error invoking app channel: no response received from stream' }));
      } else {
        res.writeHead(400, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status: 400, errors: [{ field: 'Last-Event-ID' }] }));
      }
    });
    try {
      const answer = await forward({ baseUrl, timeoutMs: 1000 }, request('text/event-stream'));
      expect(accepts).to.deep.equal(['text/event-stream', 'application/json']);
      expect(answer.status).to.equal(400);
      expect(JSON.parse((answer.body as Buffer).toString('utf8')).errors[0].field).to.equal('Last-Event-ID');
    } finally {
      server.close();
    }
  });

  it('when the answer is not a stream, then it is read whole within the deadline, as before', async () => {
    const { server, baseUrl } = await sidecarLike((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    try {
      const answer = await forward({ baseUrl, timeoutMs: 1000 }, request('application/json'));
      expect(Buffer.isBuffer(answer.body)).to.equal(true);
      expect((answer.body as Buffer).toString('utf8')).to.equal('{"ok":true}');
    } finally {
      server.close();
    }
  });
});
