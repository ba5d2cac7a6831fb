import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { problems, type Problem } from '@winvestco/common';
import { forwardedRequestHeaders, forwardedResponseHeaders, type Target } from './target.ts';

export interface Forwarded {
  status: number;
  headers: Record<string, string>;
  /** A stream for an answer that streams (Server-Sent Events): passed on chunk by chunk, never buffered. */
  body: Buffer | Readable;
}

/** Answers passed through as they arrive: a live stream has no end to wait for. */
export function isStreaming(headers: Headers): boolean {
  return (headers.get('content-type') ?? '').toLowerCase().startsWith('text/event-stream');
}

/** The request body, refused with 413 past `limit` bytes (announced or actually sent). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const announced = Number(req.headers['content-length'] ?? 0);
  if (announced > limit) throw problems.tooLarge(`The request body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw problems.tooLarge(`The request body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return size > 0 ? Buffer.concat(chunks) : undefined;
}

/** A sidecar's own error (its JSON has an errorCode), as opposed to the service's answer. */
function sidecarError(status: number, headers: Headers, body: Buffer): Problem | null {
  if (status < 400 || !(headers.get('content-type') ?? '').startsWith('application/json')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || !('errorCode' in parsed)) return null;
  // Details of the platform's inside (addresses, identities) are not the client's business.
  if (status === 403) return problems.forbidden('The platform does not let this call through');
  return problems.badGateway('The service could not be reached; try again');
}

export interface ForwardRequest {
  method: string;
  target: Target;
  search: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer | undefined;
}

/** Invokes the target through the gateway's own sidecar and answers what came back. */
/** Whether the client asked for an event stream (a browser's EventSource sends exactly this Accept). */
export function wantsEventStream(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  const accept = headers.accept;
  return (Array.isArray(accept) ? accept.join(',') : accept ?? '').split(',').some((t) => t.split(';')[0]!.trim().toLowerCase() === 'text/event-stream');
}

/**
 * Dapr 1.18 streams an answer through the sidecars only when the request's Accept is exactly
 * `text/event-stream`; and then it loses a service's answer that is not 2xx (the caller's
 * sidecar answers 500 "no response received from stream"). So a stream is asked for with
 * exactly that Accept, and when Dapr lost the answer, the same GET is asked once more as a
 * plain request, whose answer (a 400 naming the field, a 401) is the service's own.
 */
export async function forward(sidecar: { baseUrl: string; apiToken?: string; timeoutMs: number }, request: ForwardRequest, closed?: AbortSignal): Promise<Forwarded> {
  if (!wantsEventStream(request.headers) || request.method !== 'GET') return forwardOnce(sidecar, request, closed);
  try {
    return await forwardOnce(sidecar, { ...request, headers: { ...request.headers, accept: 'text/event-stream' } }, closed);
  } catch (error) {
    if (!(error instanceof LostStreamAnswer)) throw error;
    return forwardOnce(sidecar, { ...request, headers: { ...request.headers, accept: 'application/json' } }, closed);
  }
}

class LostStreamAnswer extends Error {}

async function forwardOnce(sidecar: { baseUrl: string; apiToken?: string; timeoutMs: number }, request: ForwardRequest, closed?: AbortSignal): Promise<Forwarded> {
  const url = `${sidecar.baseUrl}/v1.0/invoke/${request.target.appId}/method/${request.target.path}${request.search}`;
  // The deadline covers the answer's headers and, unless it streams, its whole body; a stream
  // lasts until the client leaves (`closed`).
  const abort = new AbortController();
  const deadline = setTimeout(() => abort.abort(new DOMException('The service did not answer in time', 'TimeoutError')), sidecar.timeoutMs);
  closed?.addEventListener('abort', () => abort.abort(closed.reason), { once: true });
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: { ...forwardedRequestHeaders(request.headers), ...(sidecar.apiToken ? { 'dapr-api-token': sidecar.apiToken } : {}) },
      ...(request.body && request.method !== 'GET' && request.method !== 'HEAD' ? { body: request.body } : {}),
      redirect: 'manual',
      signal: abort.signal,
    });
  } catch (error) {
    clearTimeout(deadline);
    if (error instanceof Error && error.name === 'TimeoutError') throw problems.gatewayTimeout('The service did not answer in time');
    throw problems.badGateway('The platform could not be reached; try again');
  }
  if (response.ok && response.body && isStreaming(response.headers)) {
    clearTimeout(deadline);
    const stream = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    // A stream the service ends, or the sidecar drops, ends the client's answer; nothing to report.
    stream.on('error', () => stream.destroy());
    return { status: response.status, headers: forwardedResponseHeaders(response.headers), body: stream };
  }
  let body: Buffer;
  try {
    body = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') throw problems.gatewayTimeout('The service did not answer in time');
    throw problems.badGateway('The service stopped answering; try again');
  } finally {
    clearTimeout(deadline);
  }
  if (response.status === 500 && request.headers.accept === 'text/event-stream' && body.toString('utf8').includes('from stream')) throw new LostStreamAnswer();
  const problem = sidecarError(response.status, response.headers, body);
  if (problem) throw problem;
  return { status: response.status, headers: forwardedResponseHeaders(response.headers), body };
}
