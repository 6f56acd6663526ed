import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { IngestError } from "../errors.js";
import type { ApiTokens, Principal } from "../state/api-tokens.js";
import { authenticate } from "./auth.js";

type Schema = z.ZodType;
type Out<S> = S extends Schema ? z.output<S> : undefined;

interface RouteShape<P, Q, B> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  summary: string;
  tags: string[];
  params?: P;
  querystring?: Q;
  body?: B;
  response?: Record<number, Schema>;
}

export interface Input<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
}

export interface PublicRoute<P, Q, B> extends RouteShape<P, Q, B> {
  handler: (input: Input<P, Q, B>, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

export interface SecuredRoute<P, Q, B> extends RouteShape<P, Q, B> {
  handler: (
    input: Input<P, Q, B> & { principal: Principal },
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<unknown>;
}

const toJson = (schema: Schema) =>
  z.toJSONSchema(schema, { target: "openapi-3.0", io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;

function parse<S extends Schema | undefined>(schema: S, data: unknown, where: string): Out<S> {
  if (schema === undefined) return undefined as Out<S>;
  const result = schema.safeParse(data);
  if (result.success) return result.data as Out<S>;
  const issue = result.error.issues[0];
  const path = issue?.path.length ? `.${issue.path.join(".")}` : "";
  throw new IngestError("ONRAMP_API_VALIDATION", `${where}${path}: ${issue?.message ?? "invalid"}`);
}

/**
 * One declaration per route: the zod schemas validate the request (zod at the trust boundary,
 * types inferred from it) and, converted to JSON Schema, document it in the OpenAPI document.
 * Fastify's own validator and serializer are switched off (see `app.ts`), so there is one source.
 */
function register<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined>(
  app: FastifyInstance,
  route: RouteShape<P, Q, B>,
  tokens: ApiTokens | undefined,
  handler: (
    input: Input<P, Q, B> & { principal: Principal | undefined },
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<unknown>,
): void {
  const schema: Record<string, unknown> = { summary: route.summary, tags: route.tags };
  if (route.params) schema.params = toJson(route.params);
  if (route.querystring) schema.querystring = toJson(route.querystring);
  if (route.body) schema.body = toJson(route.body);
  if (route.response) {
    schema.response = Object.fromEntries(
      Object.entries(route.response).map(([status, s]) => [status, toJson(s)]),
    );
  }
  if (tokens !== undefined) schema.security = [{ bearer: [] }];
  app.route({
    method: route.method,
    url: route.url,
    schema,
    handler: async (request, reply) => {
      // Authentication first: an anonymous caller learns nothing from validation messages.
      const principal = tokens === undefined ? undefined : await authenticate(request, tokens);
      const input = {
        // Optional properties widen to `| undefined`; a route without a schema gets `undefined`.
        params: parse(route.params as P, request.params, "path"),
        query: parse(route.querystring as Q, request.query, "query"),
        body: parse(route.body as B, request.body, "body"),
        principal,
      };
      return handler(input, request, reply);
    },
  });
}

export function publicRoute<
  P extends Schema | undefined,
  Q extends Schema | undefined,
  B extends Schema | undefined,
>(app: FastifyInstance, route: PublicRoute<P, Q, B>): void {
  register(app, route, undefined, (input, request, reply) => route.handler(input, request, reply));
}

/** A route behind a bearer token: the handler receives the authenticated principal. */
export function securedRoute<
  P extends Schema | undefined,
  Q extends Schema | undefined,
  B extends Schema | undefined,
>(app: FastifyInstance, tokens: ApiTokens, route: SecuredRoute<P, Q, B>): void {
  register(app, route, tokens, ({ principal, ...input }, request, reply) =>
    route.handler({ ...input, principal: principal as Principal }, request, reply),
  );
}
