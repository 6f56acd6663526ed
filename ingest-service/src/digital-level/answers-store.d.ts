import type { SqlExecutor } from "../state/sql-client.js";
import type { Declaration } from "./digital-level.js";
import type { Questionnaire } from "./questionnaire.js";
import type { Answers, Level } from "./scoring.js";
/** How a declaration came in: the questionnaire (dashboard or API) or an import of the national result. */
export type DeclarationSource = "questionnaire" | "national-import";
export interface StoredDeclaration {
    readonly declaration: Declaration;
    readonly source: DeclarationSource;
    readonly answeredBy: string;
}
/** Keeps every submission (migration 007); the latest counts. */
export declare function saveDeclaration(sql: SqlExecutor, ent: string, q: Pick<Questionnaire, "id" | "version">, entry: {
    answers: Answers | null;
    total: {
        score: number;
        level: Level;
    } | null;
    source: DeclarationSource;
    answeredBy: string;
    answeredAt: number;
}): Promise<void>;
/** The enterprise's latest declaration for this questionnaire, or null when it has none. */
export declare function latestDeclaration(sql: SqlExecutor, ent: string, q: Pick<Questionnaire, "id" | "version">): Promise<StoredDeclaration | null>;
