import type { FastifyInstance } from "fastify";
import type { IngestContext } from "../context.js";
import type { LoadedQuestionnaire } from "./questionnaire.js";
export interface DigitalLevelDeps {
    readonly loaded: LoadedQuestionnaire;
    readonly now: () => number;
    /** Called after a declaration is stored: cached bureau figures of the enterprise are stale. */
    readonly onDeclared?: (ent: string) => void;
}
/**
 * The SME digital level questionnaire (INDICATORS §7) and an enterprise's declared answers.
 * Declaring is for the enterprise itself and for admins (not integrators, not the bureau): the
 * answers carry the enterprise's pledge of truthfulness. The evidence-adjusted result is part of
 * the enterprise report (GET …/indicators, `digitalLevel`).
 */
export declare function digitalLevelRoutes(app: FastifyInstance, ctx: IngestContext, deps: DigitalLevelDeps): void;
