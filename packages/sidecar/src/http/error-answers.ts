/**
 * Every failure answers `{ "error": { "code", "message" } }`, whoever detects it: our handlers (ApiError),
 * schema validation, fastify itself (bad JSON, bad URL encoding, over-long path parameters, no such route or
 * method) and Node's HTTP parser (oversized headers, timeouts), which answers on the raw socket.
 */
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';

import { ApiError } from '../errors.js';

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  431: 'header_fields_too_large',
};

const codeFor = (status: number) => CODES[status] ?? 'bad_request';

export const errorBody = (code: string, message: string) => ({ error: { code, message } });

/** Fastify's routing errors before any route is chosen: a path that is not valid percent-encoding, an over-long path parameter. */
const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (error, _request, reply) => {
  const status = error.statusCode ?? 400;
  const message = status === 414 ? 'a path parameter is longer than 100 characters' : 'the path is not valid percent-encoding';
  void (reply as FastifyReply).code(status).send(errorBody(codeFor(status), message));
};

/** Node's HTTP parser refused the request before fastify saw it; answer on the socket, then close it. */
function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'the request line and headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'the request took too long to arrive']
        : [400, 'the request is not valid HTTP'];
  const body = JSON.stringify(errorBody(codeFor(status), message));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

/** Options for Fastify(): the two places fastify answers errors without the error handler. */
export const ERROR_ANSWER_OPTIONS = { frameworkErrors, clientErrorHandler } satisfies Partial<FastifyServerOptions>;

/** Path patterns of the routes, by method: a known path asked with another method is a 405, not a 404. */
class RouteTable {
  readonly #routes: Array<{ method: string; pattern: RegExp }> = [];

  add(methods: string | string[], url: string): void {
    const pattern = new RegExp(`^${url.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`);
    for (const method of [methods].flat()) this.#routes.push({ method, pattern });
  }

  methodsFor(path: string): string[] {
    return [...new Set(this.#routes.filter((route) => route.pattern.test(path)).map((route) => route.method))];
  }
}

/** Installs the error handler and the answer for unknown routes; call before registering the routes. */
export function answerErrorsAsDocumented(app: FastifyInstance): void {
  const routes = new RouteTable();
  app.addHook('onRoute', (route) => routes.add(route.method, route.url));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) return reply.code(error.statusCode).send(errorBody(error.code, error.message));
    if (error.validation) return reply.code(400).send(errorBody('bad_request', error.message));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send(errorBody(codeFor(status), error.message));
    request.log.error({ err: { message: error.message, stack: error.stack } }, 'request failed');
    return reply.code(500).send(errorBody('internal_error', `internal error; see the sidecar log for request ${request.id}`));
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = routes.methodsFor(path);
    if (allowed.length > 0) {
      return reply.code(405).header('allow', allowed.join(', ')).send(errorBody('method_not_allowed', `${path} answers ${allowed.join(', ')}, not ${request.method}`));
    }
    return reply.code(404).send(errorBody('not_found', `no route ${request.method} ${path}`));
  });
}
