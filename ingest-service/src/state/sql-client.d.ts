/**
 * The SQL port shared by the embedded store (PGlite) and PostgreSQL. Both speak the same SQL, so
 * one set of migrations and one set of queries serve both (`$1` placeholders, `ON CONFLICT`).
 * Integer columns are `bigint` (epoch milliseconds, counters) and come back as JavaScript numbers:
 * every value we store stays below 2^53.
 */
export interface SqlExecutor {
    query<T extends object>(text: string, params?: readonly unknown[]): Promise<T[]>;
}
export interface SqlClient extends SqlExecutor {
    readonly dialect: "pglite" | "postgres";
    /** Runs a multi-statement script without parameters (migrations). */
    exec(script: string): Promise<void>;
    /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
    close(): Promise<void>;
}
/** `($1,$2),($3,$4)…` for a multi-row VALUES list, and the flat parameter array. */
export declare function valuesList(rows: readonly (readonly unknown[])[]): {
    sql: string;
    params: unknown[];
};
/**
 * PostgreSQL caps a statement at 65,535 parameters; chunks keep multi-row statements well under
 * it whatever the column count.
 */
export declare function chunked<T>(items: readonly T[], size?: number): T[][];
