import { z } from "zod";

/**
 * The device connection URL, `opc.tcp://host:port/path?option=value&…` — the one place a device's
 * OPC UA settings live. Passwords never appear in it: `password=env:VAR` or `password=file:PATH`
 * names where the agent reads the secret at connect time.
 */

export const SECURITY_MODES = ["None", "Sign", "SignAndEncrypt"] as const;
export type SecurityModeName = (typeof SECURITY_MODES)[number];

/** Policy names as OPC 10000-7 writes them (the last segment of the policy URI). */
export const SECURITY_POLICIES = ["Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss"] as const;
export type SecurityPolicyName = (typeof SECURITY_POLICIES)[number] | "None";

export type SecretRef =
  | { readonly kind: "env"; readonly name: string }
  | { readonly kind: "file"; readonly path: string };

/** CreateMonitoredItems calls larger than this never complete against node-opcua servers (PEERS.md). */
export const MAX_MONITORED_ITEMS_PER_CALL = 1000;

export interface OpcuaConnectionOptions {
  /** The server URL without the query (what goes on the wire and in messages). */
  readonly endpointUrl: string;
  readonly securityMode: SecurityModeName;
  readonly securityPolicy: SecurityPolicyName;
  readonly user: { readonly name: string; readonly password: SecretRef } | undefined;
  /** Browse path from Objects to the device root; overrides the profile's `root`. */
  readonly root: string | undefined;
  /** Trust the server certificate on first use (logged with its thumbprint), refuse a different one later. */
  readonly isTofu: boolean;
  /** `subscribe` (default; falls back to polling when the server has no subscriptions) or `poll`. */
  readonly mode: "subscribe" | "poll";
  /** Default: the shortest sampling interval of the profile's signals. */
  readonly publishingIntervalMs: number | undefined;
  readonly keepAliveCount: number;
  /** Timeout of one service call. */
  readonly timeoutMs: number;
  /** Monitored items per CreateMonitoredItems call. */
  readonly batchSize: number;
  /** After this long in node-opcua's own reconnection, start over with a fresh connection (and trust check). */
  readonly reconnectRestartMs: number;
}

const flag = z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true");
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const secret = z
  .string()
  .regex(
    /^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$/,
    "give password=env:VARIABLE or password=file:/path, never the password",
  )
  .transform(
    (v): SecretRef =>
      v.startsWith("env:") ? { kind: "env", name: v.slice(4) } : { kind: "file", path: v.slice(5) },
  );

const Query = z
  .object({
    security: z.enum(SECURITY_MODES).default("None"),
    policy: z.enum(SECURITY_POLICIES).optional(),
    user: z.string().min(1).max(256).optional(),
    password: secret.optional(),
    root: z.string().min(1).max(1000).optional(),
    tofu: flag.default(false),
    mode: z.enum(["subscribe", "poll"]).default("subscribe"),
    publishingIntervalMs: int(10, 3_600_000).optional(),
    keepAliveCount: int(1, 1000).default(10),
    timeoutMs: int(1000, 600_000).default(10_000),
    batchSize: int(1, MAX_MONITORED_ITEMS_PER_CALL).default(MAX_MONITORED_ITEMS_PER_CALL),
    reconnectRestartMs: int(1000, 3_600_000).default(60_000),
  })
  .strict()
  .superRefine((q, ctx) => {
    if ((q.user === undefined) !== (q.password === undefined)) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "user and password go together" });
    }
    if (q.security === "None" && q.policy !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["policy"],
        message: "a policy needs security=Sign or SignAndEncrypt",
      });
    }
  });

/** Every query option an OPC UA URL accepts (`probe --help` must name each; a test checks). */
export const OPCUA_URL_OPTIONS: readonly string[] = Object.keys(Query.shape);

export type ParsedUrl =
  | { readonly ok: true; readonly value: OpcuaConnectionOptions }
  | { readonly ok: false; readonly error: string };

export function parseOpcuaUrl(text: string): ParsedUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: `"${redact(text)}" is not a URL` };
  }
  if (url.protocol !== "opc.tcp:") return { ok: false, error: `scheme ${url.protocol} is not opc.tcp:` };
  if (!url.hostname) return { ok: false, error: "the URL has no host" };
  if (url.username || url.password) {
    return {
      ok: false,
      error: "credentials do not go before the host: use user= and password=env:VAR in the query",
    };
  }
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (key in raw) return { ok: false, error: `option ${key} is given twice` };
    raw[key] = value;
  }
  const query = Query.safeParse(raw);
  if (!query.success) {
    const issue = query.error.issues[0];
    const where = issue?.path.join(".") || "query";
    const message =
      issue?.code === "unrecognized_keys" ? `unknown option ${issue.keys.join(", ")}` : issue?.message;
    return { ok: false, error: `${where}: ${message}` };
  }
  const q = query.data;
  const port = url.port ? `:${url.port}` : ":4840";
  return {
    ok: true,
    value: {
      endpointUrl: `opc.tcp://${url.hostname}${port}${url.pathname === "/" ? "" : url.pathname}`,
      securityMode: q.security,
      securityPolicy: q.security === "None" ? "None" : (q.policy ?? "Basic256Sha256"),
      user:
        q.user !== undefined && q.password !== undefined ? { name: q.user, password: q.password } : undefined,
      root: q.root,
      isTofu: q.tofu,
      mode: q.mode,
      publishingIntervalMs: q.publishingIntervalMs,
      keepAliveCount: q.keepAliveCount,
      timeoutMs: q.timeoutMs,
      batchSize: q.batchSize,
      reconnectRestartMs: q.reconnectRestartMs,
    },
  };
}

/** The URL as messages and logs may show it: endpoint and security, never a password reference. */
export function describeConnection(o: OpcuaConnectionOptions): string {
  const security = o.securityMode === "None" ? "" : `?security=${o.securityMode}&policy=${o.securityPolicy}`;
  return `${o.endpointUrl}${security}`;
}

/** A URL with any password option blanked, for error messages about unparseable input. */
export function redact(text: string): string {
  return text.replace(/(password=)[^&]*/gi, "$1***").replace(/\/\/[^/@]*@/, "//***@");
}
