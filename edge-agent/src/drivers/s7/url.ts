import { z } from "zod";

/**
 * Connection URL (README "Connection URL"):
 *   s7://host[:port]?rack=0&slot=1&type=pg&pduSize=480&timeout=2000
 *   s7://host?type=s7-200-smart           s7://host?type=logo
 *   s7://host?localTsap=0x1000&remoteTsap=0x0300   (explicit TSAPs win over the type's)
 */
export interface S7Endpoint {
  readonly host: string;
  readonly port: number;
  readonly localTsap: number;
  readonly remoteTsap: number;
  /** PDU size asked for in setup communication; the CPU may agree to less. */
  readonly pduSize: number;
  readonly timeoutMs: number;
}

export type S7UrlResult =
  | { readonly ok: true; readonly endpoint: S7Endpoint }
  | { readonly ok: false; readonly field: string; readonly message: string };

export const DEFAULT_S7_PORT = 102;
export const DEFAULT_PDU_SIZE = 480;
export const DEFAULT_S7_TIMEOUT_MS = 2000;

/**
 * Connection resource (high byte of the remote TSAP) of the S7-300/400/1200/1500 connection
 * types: PG (programming device) 1, OP (operator panel) 2, S7 basic 3 — Snap7 reference manual,
 * "Connection type". The CPU's rack and slot fill the low byte (rack × 32 + slot).
 */
const CONNECTION_RESOURCE = { pg: 0x01, op: 0x02, basic: 0x03 } as const;

/**
 * CPUs that do not derive the TSAP from rack and slot. S7-200 SMART: local 10.00, remote 03.00
 * (the fixed server TSAPs of its CPU's S7 port, as Snap7's and HslCommunication's S7-200 SMART
 * settings use them). LOGO! 0BA7/0BA8: the client-side 01.00 and the server connection's TSAP
 * 02.00, the LOGO!Soft Comfort default for a "Server Connection"; give localTsap/remoteTsap when
 * the LOGO! program configures others.
 */
const FIXED_TSAPS = {
  "s7-200-smart": { localTsap: 0x1000, remoteTsap: 0x0300 },
  logo: { localTsap: 0x0100, remoteTsap: 0x0200 },
} as const;

function intParam(min: number, max: number) {
  return z.string().transform((text, ctx) => {
    const value = /^(\d+|0x[0-9a-f]+)$/i.test(text) ? Number(text) : Number.NaN;
    if (value >= min && value <= max) return value;
    ctx.addIssue({ code: "custom", message: `expected an integer from ${min} to ${max}, got "${text}"` });
    return z.NEVER;
  });
}

const Query = z
  .object({
    rack: intParam(0, 7).optional(),
    slot: intParam(0, 31).optional(),
    type: z.enum(["pg", "op", "basic", "s7-200-smart", "logo"]).optional(),
    localTsap: intParam(0, 0xffff).optional(),
    remoteTsap: intParam(0, 0xffff).optional(),
    // 240 is the smallest PDU any S7 CPU offers (S7-200 SMART, LOGO!), 960 the S7-1500's.
    pduSize: intParam(240, 960).optional(),
    timeout: intParam(50, 60_000).optional(),
  })
  .strict();

export function parseS7Url(text: string): S7UrlResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      ok: false,
      field: "url",
      message: `"${text}" is not a URL (expected s7://host:102?rack=0&slot=1)`,
    };
  }
  if (url.protocol !== "s7:")
    return { ok: false, field: "scheme", message: `expected s7:, got ${url.protocol}` };
  if (url.hostname === "") return { ok: false, field: "host", message: "the URL names no host" };
  if (url.pathname !== "" && url.pathname !== "/")
    return { ok: false, field: "path", message: `an S7 URL has no path, got "${url.pathname}"` };
  const parsed = Query.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path[0];
    const field = key === undefined ? "query" : String(key);
    const message =
      issue?.code === "unrecognized_keys"
        ? `unknown parameter(s) ${issue.keys.join(", ")}`
        : (issue?.message ?? "invalid");
    return { ok: false, field: issue?.code === "unrecognized_keys" ? "query" : field, message };
  }
  const q = parsed.data;
  const type = q.type ?? "pg";
  const isFixed = type === "s7-200-smart" || type === "logo";
  if (isFixed && (q.rack !== undefined || q.slot !== undefined))
    return { ok: false, field: "rack", message: `a ${type} CPU is addressed by TSAP, not by rack and slot` };
  const derived = isFixed
    ? FIXED_TSAPS[type]
    : {
        localTsap: 0x0100,
        remoteTsap: (CONNECTION_RESOURCE[type] << 8) | ((q.rack ?? 0) * 32 + (q.slot ?? 1)),
      };
  return {
    ok: true,
    endpoint: {
      host: url.hostname.replace(/^\[|\]$/g, ""),
      port: url.port === "" ? DEFAULT_S7_PORT : Number(url.port),
      localTsap: q.localTsap ?? derived.localTsap,
      remoteTsap: q.remoteTsap ?? derived.remoteTsap,
      pduSize: q.pduSize ?? (type === "s7-200-smart" || type === "logo" ? 240 : DEFAULT_PDU_SIZE),
      timeoutMs: q.timeout ?? DEFAULT_S7_TIMEOUT_MS,
    },
  };
}
