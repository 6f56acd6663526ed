import { z } from "zod";

/**
 * Connection URL (README "Connection URL"):
 *   mtconnect://host[:port]/DEVICE?interval=1000&count=1000&timeout=5000&tls=false
 * DEVICE is the Device's `name` (or uuid) as the agent serves it under `/DEVICE/probe`; left out,
 * the agent's first device is used.
 */
export interface MtconnectEndpoint {
  /** `http://host:port/` (or https), with a trailing slash. */
  readonly base: string;
  readonly device: string | undefined;
  /** ms between two /sample requests. */
  readonly intervalMs: number;
  /** Most observations asked for in one /sample. */
  readonly count: number;
  readonly timeoutMs: number;
}

export type MtconnectUrlResult =
  | { readonly ok: true; readonly endpoint: MtconnectEndpoint }
  | { readonly ok: false; readonly field: string; readonly message: string };

export const DEFAULT_MTCONNECT_PORT = 5000;

function intParam(min: number, max: number) {
  return z.string().transform((text, ctx) => {
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (value >= min && value <= max) return value;
    ctx.addIssue({ code: "custom", message: `expected an integer from ${min} to ${max}, got "${text}"` });
    return z.NEVER;
  });
}

const Query = z
  .object({
    interval: intParam(10, 3_600_000).optional(),
    count: intParam(1, 100_000).optional(),
    timeout: intParam(100, 120_000).optional(),
    tls: z.enum(["true", "false"]).optional(),
  })
  .strict();

export function parseMtconnectUrl(text: string): MtconnectUrlResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      ok: false,
      field: "url",
      message: `"${text}" is not a URL (expected mtconnect://host:5000/device)`,
    };
  }
  if (url.protocol !== "mtconnect:")
    return { ok: false, field: "scheme", message: `expected mtconnect:, got ${url.protocol}` };
  if (url.hostname === "") return { ok: false, field: "host", message: "the URL names no host" };
  const parsed = Query.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === "unrecognized_keys")
      return { ok: false, field: "query", message: `unknown parameter(s) ${issue.keys.join(", ")}` };
    return { ok: false, field: String(issue?.path[0] ?? "query"), message: issue?.message ?? "invalid" };
  }
  const segments = url.pathname.split("/").filter((s) => s !== "");
  if (segments.length > 1)
    return {
      ok: false,
      field: "path",
      message: `expected at most one path segment (the device), got "${url.pathname}"`,
    };
  const scheme = parsed.data.tls === "true" ? "https" : "http";
  const port = url.port === "" ? DEFAULT_MTCONNECT_PORT : Number(url.port);
  return {
    ok: true,
    endpoint: {
      // hostname keeps an IPv6 address in brackets ([::1]), as a URL needs it.
      base: `${scheme}://${url.hostname}:${port}/`,
      device: segments[0] === undefined ? undefined : decodeURIComponent(segments[0]),
      intervalMs: parsed.data.interval ?? 1000,
      count: parsed.data.count ?? 1000,
      timeoutMs: parsed.data.timeout ?? 5000,
    },
  };
}
