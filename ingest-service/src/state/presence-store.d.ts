import { type PresenceRow, type Transition } from "./presence-rules.js";
import { type SqlExecutor } from "./sql-client.js";
/**
 * Locks and loads the presence rows of the given gateways, keyed by `presenceKey`: one statement
 * for the whole batch, rows locked in one stable order (ORDER BY) so committers cannot deadlock.
 */
export declare function loadPresence(tx: SqlExecutor, gateways: readonly {
    ent: string;
    gw: string;
}[]): Promise<Map<string, PresenceRow>>;
export declare function savePresence(tx: SqlExecutor, rows: readonly PresenceRow[], transitions: readonly Transition[]): Promise<void>;
export declare function readPresence(sql: SqlExecutor, ent: string): Promise<PresenceRow[]>;
export declare function readTransitions(sql: SqlExecutor, q: {
    ent: string;
    gw: string;
    dev: string;
    from: number;
    to: number;
}): Promise<Omit<Transition, "ent" | "gw" | "dev">[]>;
