// Which invocations the gateway forwards: pure rules, no I/O.

export interface Target {
  appId: string;
  /** The method path to invoke, each segment percent-encoded again. */
  path: string;
}

export type Refusal = { status: 400 | 404; detail: string };

const INVOKE = /^\/v1\.0\/invoke\/([^/]+)\/method\/(.*)$/;

function hasControlCharacter(text: string): boolean {
  return [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * The target of a client's `/v1.0/invoke/<app id>/method/<path>`, or why it is refused.
 * Only known service app ids (never a URL, which a sidecar would fetch for anyone), and
 * only a service's public routes: its internal routes, the routes Dapr delivers events to,
 * health and metrics stay between sidecars. Dot segments and undecodable or smuggled
 * characters are refused rather than interpreted.
 */
export function targetOf(rawPath: string, publicRoutes: Readonly<Record<string, readonly string[]>>): Target | Refusal {
  const match = INVOKE.exec(rawPath);
  if (!match) return { status: 404, detail: 'Call /v1.0/invoke/<app id>/method/<path>; nothing else is served here' };
  const appId = decodeSegment(match[1]!);
  const prefixes = appId !== null ? publicRoutes[appId] : undefined;
  if (appId === null || !prefixes || !Object.hasOwn(publicRoutes, appId)) return { status: 404, detail: 'No such service' };
  const segments: string[] = [];
  for (const raw of match[2]!.split('/')) {
    if (raw === '') continue;
    const segment = decodeSegment(raw);
    if (segment === null || segment === '.' || segment === '..' || /[/\\]/.test(segment) || hasControlCharacter(segment)) {
      return { status: 400, detail: 'The method path has a segment that is not allowed' };
    }
    segments.push(segment);
  }
  if (segments.length === 0 || !prefixes.includes(segments[0]!)) return { status: 404, detail: `${appId} has no such public route` };
  return { appId, path: segments.map(encodeURIComponent).join('/') };
}

// Hop-by-hop headers belong to one connection; dapr-* headers steer a sidecar (a client's
// dapr-app-id would pick the target, a dapr-api-token would be a sidecar's); the
// forwarded-* family would let a client claim another address.
const DROPPED = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'forwarded', 'expect']);

/** The request headers a client may send on to a service. */
export function forwardedRequestHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (value === undefined || DROPPED.has(key) || key.startsWith('dapr-') || key.startsWith('x-forwarded-') || key.startsWith('proxy-')) continue;
    kept[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

/** The response headers a service's answer carries back to the client. */
export function forwardedResponseHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    const key = name.toLowerCase();
    if (DROPPED.has(key) || key === 'content-encoding' || key.startsWith('dapr-')) return;
    kept[key] = value;
  });
  return kept;
}
