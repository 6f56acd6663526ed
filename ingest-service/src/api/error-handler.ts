import type { FastifyError, FastifyInstance } from "fastify";
import { INGEST_ERRORS, IngestError } from "../errors.js";

/** Every error leaves as `{ code, message, solution }` with the registry's status (errors.ts). */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof IngestError) {
      if (error.retryAfterMs !== undefined) reply.header("retry-after", Math.ceil(error.retryAfterMs / 1000));
      return reply
        .code(error.status)
        .send({ code: error.code, message: error.message, solution: INGEST_ERRORS[error.code].solution });
    }
    // Fastify's own 4xx (malformed JSON, body over the limit, wrong content type).
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      const info = INGEST_ERRORS.ONRAMP_API_VALIDATION;
      return reply
        .code(error.statusCode)
        .send({ code: "ONRAMP_API_VALIDATION", message: error.message, solution: info.solution });
    }
    request.log.error({ err: error }, "request failed");
    const info = INGEST_ERRORS.ONRAMP_INTERNAL;
    return reply.code(500).send({ code: "ONRAMP_INTERNAL", message: info.message, solution: info.solution });
  });
  app.setNotFoundHandler((request, reply) => {
    const info = INGEST_ERRORS.ONRAMP_NOT_FOUND;
    reply.code(404).send({
      code: "ONRAMP_NOT_FOUND",
      message: `no route ${request.method} ${request.url.split("?")[0]}`,
      solution: info.solution,
    });
  });
}
