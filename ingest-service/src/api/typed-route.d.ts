import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { ApiTokens, Principal } from "../state/api-tokens.js";
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
    handler: (input: Input<P, Q, B> & {
        principal: Principal;
    }, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}
export declare function publicRoute<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined>(app: FastifyInstance, route: PublicRoute<P, Q, B>): void;
/** A route behind a bearer token: the handler receives the authenticated principal. */
export declare function securedRoute<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined>(app: FastifyInstance, tokens: ApiTokens, route: SecuredRoute<P, Q, B>): void;
export {};
