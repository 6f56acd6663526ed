import type { FastifyRequest } from "fastify";

/**
 * Query parameters whose values are credentials: the dashboard's one-use event ticket travels in
 * the URL because EventSource cannot send a header (web/events-routes.ts). Spent or not, it never
 * belongs in a log line (issue 17).
 */
const SECRET_QUERY_PARAMS = /([?&](?:ticket|token|access_token)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, "$1[redacted]");
}

/** Fastify's request serializer (fastify lib/logger-pino.js) with secret query values redacted. */
export function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
