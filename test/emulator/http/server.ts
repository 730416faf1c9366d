import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { isRetiredVersion } from '../api/rest-meta';
import { parseCookies } from '../auth/cookies';
import { NO_RECORD_FAULTS } from '../control/faults';
import { holdResponse, responseDelayMs, ServerTime } from '../control/latency';
import type { Session } from '../control/sessions';
import { classifyHost } from '../hosts';
import type { TlsMaterial } from '../tls';
import type { ApiRequest, EmulatorContext } from './context';
import { html, notFound, sfError, withHeaders, type Reply } from './reply';
import { isApiKind, type RequestKind } from './request-kind';
import { matchRoute, type RouteMatch } from './routes';

/** Salesforce refuses request URIs longer than this with 414. */
export const MAX_URI_BYTES = 16_384;

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startServer(
  context: EmulatorContext,
  tls: TlsMaterial,
  port: number,
): Promise<RunningServer> {
  // Node's default header limit (16 KiB) would answer long URIs with 431 before we can say 414.
  const server: Server = createServer({ ...tls, maxHeaderSize: 1 << 20 }, (req, res) => {
    handle(context, req, res).catch((error: unknown) => {
      console.error('[emulator] request failed', error);
      if (!res.headersSent)
        send(res, sfError(500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred.'));
      else res.destroy();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  context: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const hostHeader = req.headers.host ?? '127.0.0.1';
  const host = hostHeader.replace(/:\d+$/, '').toLowerCase();
  const hostClass = classifyHost(host);
  const rawUrl = req.url ?? '/';
  const url = new URL(`https://emulator.invalid${rawUrl.startsWith('/') ? '' : '/'}${rawUrl}`);
  const path = url.pathname;

  if (Buffer.byteLength(rawUrl) > MAX_URI_BYTES) {
    const entry = context.log.add({ method, host, path, query: '', kind: 'uri-too-long' });
    req.resume();
    entry.status = 414;
    entry.done = true;
    send(res, html(414, '<html><body><h1>414 Request-URI Too Large</h1></body></html>'));
    return;
  }

  const match = matchRoute(method, hostClass, path);
  const body = await readBody(req);
  const base = {
    method,
    host,
    hostClass,
    origin: `https://${hostHeader}`,
    path,
    query: url.searchParams,
    headers: req.headers,
    body,
    params: match.route ? match.params : {},
    cookies: parseCookies(req.headers),
    version: (match.route ? match.params.version : undefined) ?? '',
    session: null,
    serverTime: new ServerTime(),
  };

  if (match.route?.surface === 'control') {
    send(res, await match.route.handler({ ...base, recordFaults: NO_RECORD_FAULTS }, context));
    return;
  }

  const kind: RequestKind = match.route
    ? match.route.kind
    : (match.methodNotAllowed?.kind ?? 'not-found');
  const duplicateRuleHeader = req.headers['sforce-duplicate-rule-header'];
  const entry = context.log.add({
    method,
    host,
    path,
    query: url.search.slice(1),
    kind,
    ...(isApiKind(kind) && body ? { requestBody: body } : {}),
    ...(isApiKind(kind) && typeof duplicateRuleHeader === 'string' ? { duplicateRuleHeader } : {}),
  });
  // Judged on arrival against the long-running requests already in flight, then counted in flight
  // itself until its response is sent or its socket is gone (control/concurrent-requests.ts).
  const tooManyLongRunning = isApiKind(kind) ? context.concurrency.refusal() : null;
  if (isApiKind(kind)) res.once('close', context.concurrency.begin());
  const faults = context.faults.forRequest(kind, method, path);
  entry.faults = faults.injected;
  if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
  if (faults.drop) {
    req.socket.destroy();
    entry.done = true;
    return;
  }
  let reply =
    faults.errorReply ??
    tooManyLongRunning ??
    (await respond(match, { ...base, recordFaults: faults.records }, context));
  entry.faults = [...faults.injected, ...faults.records.injected()];
  if (reply.subrequests) entry.subrequests = reply.subrequests;
  if (isApiKind(kind)) {
    reply = withHeaders(reply, { 'sforce-limit-info': context.usage.headerValue() });
  }
  if (reply.lost === 'drop') {
    req.socket.destroy();
    entry.done = true;
    return;
  }
  if (faults.loseResponse || reply.lost === 'loseResponse') {
    req.socket.destroy();
    entry.done = true;
    return;
  }
  // The modelled network: API replies only, errors included (they cost a round trip too).
  const { latency } = context.options;
  if (latency && isApiKind(kind)) {
    entry.heldMs = responseDelayMs(latency, base.serverTime);
    await holdResponse(latency, base.serverTime);
  }
  entry.status = reply.status;
  entry.done = true;
  send(res, reply);
}

async function respond(
  match: RouteMatch,
  request: ApiRequest,
  context: EmulatorContext,
): Promise<Reply> {
  if (!match.route) {
    const allowed = match.methodNotAllowed;
    if (allowed) {
      return sfError(
        405,
        'METHOD_NOT_ALLOWED',
        `HTTP Method '${request.method}' not allowed. Allowed are ${allowed.methods.join(',')}`,
      );
    }
    return request.path.startsWith('/services/')
      ? notFound()
      : html(404, '<html><body><h1>URL No Longer Exists</h1></body></html>');
  }
  if (match.route.surface !== 'rest') return match.route.handler(request, context);
  if (isRetiredVersion(request.version)) {
    return sfError(
      410,
      'GONE',
      `API version ${request.version} is retired and unavailable. Use API version ${context.versions[0] ?? '31.0'} or later.`,
    );
  }
  if (!context.versions.includes(request.version)) return notFound();
  const session = authenticate(request, context);
  if (!session) return sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
  const refused = context.apiAccess.refusal(session);
  if (refused) return refused;
  if (!context.usage.consume()) {
    return sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
  }
  return match.route.handler({ ...request, session }, context);
}

/** `Authorization: Bearer <token>` (or the older `OAuth <token>`) naming a live session. */
function authenticate(request: ApiRequest, context: EmulatorContext): Session | null {
  const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ? context.sessions.validate(match[1]) : null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(reply.headers)) {
    headers[name] = typeof value === 'string' ? value : [...value];
  }
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}
