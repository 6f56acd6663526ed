import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requireAccess, requireRole } from "../api/auth.js";
import { EntParams } from "../api/schemas.js";
import { securedRoute } from "../api/typed-route.js";
import type { IngestContext } from "../context.js";
import { IngestError } from "../errors.js";
import type { Principal } from "../state/api-tokens.js";
import { AnswersSchema } from "./answers-schema.js";
import { latestDeclaration, saveDeclaration } from "./answers-store.js";
import { fromNationalImport, NationalImportSchema } from "./national-import.js";
import type { LoadedQuestionnaire } from "./questionnaire.js";
import { answerProblems, type Level, levelOf, totalScore } from "./scoring.js";

export interface DigitalLevelDeps {
  readonly loaded: LoadedQuestionnaire;
  readonly now: () => number;
  /** Called after a declaration is stored: cached bureau figures of the enterprise are stale. */
  readonly onDeclared?: (ent: string) => void;
}

const PutAnswersBody = z.strictObject({ answers: AnswersSchema });

/**
 * The SME digital level questionnaire (INDICATORS §7) and an enterprise's declared answers.
 * Declaring is for the enterprise itself and for admins (not integrators, not the bureau): the
 * answers carry the enterprise's pledge of truthfulness. The evidence-adjusted result is part of
 * the enterprise report (GET …/indicators, `digitalLevel`).
 */
export function digitalLevelRoutes(app: FastifyInstance, ctx: IngestContext, deps: DigitalLevelDeps): void {
  const { questionnaire: q, bindings } = deps.loaded;
  const tokens = ctx.apiTokens;
  const mayDeclare = (principal: Principal, ent: string) => {
    requireRole(principal, "enterprise", "admin");
    requireAccess(principal, ent, "declare");
  };
  const ensureEnterprise = async (ent: string) => {
    const rows = await ctx.sql.query("SELECT 1 FROM enterprises WHERE id = $1", [ent]);
    if (rows.length === 0) throw new IngestError("ONRAMP_NOT_FOUND", `no enterprise ${ent}`);
  };
  const declaredTotal = (answers: z.infer<typeof AnswersSchema>) => {
    const score = totalScore(q, answers);
    return { score, level: levelOf(score, q.levels) };
  };

  securedRoute(app, tokens, {
    method: "GET",
    url: "/digital-level/questionnaire",
    summary:
      "The SME digital level questionnaire (MIIT 2024, manufacturing) with its source, and the evidence bindings",
    tags: ["digital-level"],
    handler: async () => ({ questionnaire: q, bindings }),
  });

  securedRoute(app, tokens, {
    method: "GET",
    url: "/enterprises/:ent/digital-level/answers",
    summary: "The enterprise's latest declared digital level answers, when and by whom",
    tags: ["digital-level"],
    params: EntParams,
    handler: async ({ principal, params }) => {
      requireAccess(principal, params.ent, "read");
      const stored = await latestDeclaration(ctx.sql, params.ent, q);
      if (stored === null)
        throw new IngestError("ONRAMP_NOT_FOUND", `enterprise ${params.ent} has not answered`);
      return { ...stored.declaration, source: stored.source, answeredBy: stored.answeredBy };
    },
  });

  securedRoute(app, tokens, {
    method: "PUT",
    url: "/enterprises/:ent/digital-level/answers",
    summary: "Declare the digital level answers (item id → option ids); returns the declared score and level",
    tags: ["digital-level"],
    params: EntParams,
    body: PutAnswersBody,
    handler: async ({ principal, params, body }) => {
      mayDeclare(principal, params.ent);
      await ensureEnterprise(params.ent);
      const problems = answerProblems(q, body.answers);
      if (problems.length > 0)
        throw new IngestError("ONRAMP_DIGITAL_LEVEL_ANSWERS_INVALID", problems.join("; "));
      const answeredAt = deps.now();
      const answeredBy = `${principal.role}:${principal.name}`;
      await saveDeclaration(ctx.sql, params.ent, q, {
        answers: body.answers,
        total: null,
        source: "questionnaire",
        answeredBy,
        answeredAt,
      });
      deps.onDeclared?.(params.ent);
      app.log.info(
        { ent: params.ent, by: answeredBy, code: "DIGITAL_LEVEL_DECLARED" },
        "digital level answers declared",
      );
      return {
        declared: declaredTotal(body.answers),
        answeredAt: new Date(answeredAt).toISOString(),
        answeredBy,
      };
    },
  });

  securedRoute(app, tokens, {
    method: "POST",
    url: "/enterprises/:ent/digital-level/import",
    summary:
      "Import the national self-assessment result (format miit-sme-digital-level/1) as declared answers, or as total and level only",
    tags: ["digital-level"],
    params: EntParams,
    body: NationalImportSchema,
    handler: async ({ principal, params, body }) => {
      mayDeclare(principal, params.ent);
      await ensureEnterprise(params.ent);
      const imported = fromNationalImport(q, body);
      const answeredAt = deps.now();
      const answeredBy = `${principal.role}:${principal.name}`;
      const total: { score: number; level: Level } =
        imported.kind === "answers"
          ? declaredTotal(imported.answers)
          : { score: imported.score, level: imported.level };
      await saveDeclaration(ctx.sql, params.ent, q, {
        answers: imported.kind === "answers" ? imported.answers : null,
        total: imported.kind === "answers" ? null : total,
        source: "national-import",
        answeredBy,
        answeredAt,
      });
      deps.onDeclared?.(params.ent);
      app.log.info(
        { ent: params.ent, by: answeredBy, kind: imported.kind, code: "DIGITAL_LEVEL_IMPORTED" },
        "national digital level result imported",
      );
      return {
        kind: imported.kind,
        declared: total,
        answeredAt: new Date(answeredAt).toISOString(),
        answeredBy,
      };
    },
  });
}
