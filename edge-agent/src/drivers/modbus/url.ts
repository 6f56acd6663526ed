import { z } from "zod";

/**
 * Connection URLs (README "Connection URL"):
 *   modbus-tcp://host[:port]?unit=1&timeout=1000&retries=1&maxInFlight=1
 *   modbus-rtu:///dev/ttyUSB0?baud=9600&parity=even&stopBits=1&dataBits=8&unit=3&timeout=1000&retries=1
 */

interface CommonSettings {
  /** Unit identifier (slave address) the requests carry. */
  readonly unit: number;
  /** Per-request timeout, ms, counted from the moment the request is sent. */
  readonly timeoutMs: number;
  /** Re-sends of a request after a CRC error, a garbled answer or a dropped connection. */
  readonly retries: number;
}

export interface TcpEndpoint extends CommonSettings {
  readonly transport: "tcp";
  readonly host: string;
  readonly port: number;
  /** Requests outstanding at once on the shared connection (Modbus TCP transaction ids allow more than one). */
  readonly maxInFlight: number;
}

export type Parity = "none" | "even" | "odd";

export interface RtuEndpoint extends CommonSettings {
  readonly transport: "rtu";
  readonly path: string;
  readonly baud: number;
  readonly parity: Parity;
  readonly stopBits: 1 | 2;
  readonly dataBits: 8;
}

export type ModbusEndpoint = TcpEndpoint | RtuEndpoint;

export type UrlResult =
  | { readonly ok: true; readonly endpoint: ModbusEndpoint }
  | { readonly ok: false; readonly field: string; readonly message: string };

export const DEFAULT_TCP_PORT = 502;
export const DEFAULT_TIMEOUT_MS = 1000;

function intParam(min: number, max: number) {
  return z.string().transform((text, ctx) => {
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (value >= min && value <= max) return value;
    ctx.addIssue({ code: "custom", message: `expected an integer from ${min} to ${max}, got "${text}"` });
    return z.NEVER;
  });
}

const common = {
  timeout: intParam(10, 60_000).optional(),
  retries: intParam(0, 5).optional(),
};

const TcpQuery = z
  .object({
    ...common,
    // 0 and 255 are legal on TCP: devices addressed directly often expect 255 or 0 (Modbus
    // Messaging on TCP/IP Implementation Guide v1.0b §4.4.2, "Unit Identifier").
    unit: intParam(0, 255).optional(),
    maxInFlight: intParam(1, 16).optional(),
  })
  .strict();

const RtuQuery = z
  .object({
    ...common,
    // 0 is broadcast (no answer) and 248–255 are reserved (Modbus over Serial Line v1.02 §2.2).
    unit: intParam(1, 247).optional(),
    baud: intParam(300, 921_600).optional(),
    parity: z.enum(["none", "even", "odd"]).optional(),
    stopBits: z.enum(["1", "2"]).optional(),
    dataBits: z
      .literal("8", {
        error: "RTU frames carry 8 data bits (Modbus over Serial Line v1.02 §2.5.1); 7 is ASCII mode",
      })
      .optional(),
  })
  .strict();

/** Every query option a Modbus URL accepts (`probe --help` must name each; a test checks). */
export const MODBUS_URL_OPTIONS: readonly string[] = [
  ...new Set([...Object.keys(TcpQuery.shape), ...Object.keys(RtuQuery.shape)]),
];

export function parseModbusUrl(text: string): UrlResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail("url", `not a URL: "${text}"`);
  }
  if (url.username || url.password)
    return fail("userinfo", "Modbus has no credentials: remove user:password@");
  if (url.hash) return fail("fragment", "remove the #fragment");
  const params: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    if (values.length > 1) return fail(key, `given ${values.length} times`);
    params[key] = values[0] ?? "";
  }
  if (url.protocol === "modbus-tcp:") return parseTcp(url, params);
  if (url.protocol === "modbus-rtu:") return parseRtu(url, params);
  return fail("scheme", `expected modbus-tcp: or modbus-rtu:, got "${url.protocol}"`);
}

function parseTcp(url: URL, params: Record<string, string>): UrlResult {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!host) return fail("host", "missing: modbus-tcp://HOST:PORT");
  if (url.pathname !== "" && url.pathname !== "/") return fail("path", "a modbus-tcp URL has no path");
  const query = TcpQuery.safeParse(params);
  if (!query.success) return queryError(query.error, TcpQuery);
  const q = query.data;
  return {
    ok: true,
    endpoint: {
      transport: "tcp",
      host,
      port: url.port ? Number(url.port) : DEFAULT_TCP_PORT,
      unit: q.unit ?? 1,
      timeoutMs: q.timeout ?? DEFAULT_TIMEOUT_MS,
      retries: q.retries ?? 1,
      maxInFlight: q.maxInFlight ?? 1,
    },
  };
}

function parseRtu(url: URL, params: Record<string, string>): UrlResult {
  if (url.host) {
    return fail(
      "path",
      `the serial port goes after three slashes: modbus-rtu:///dev/ttyUSB0 (got host "${url.host}")`,
    );
  }
  const path = decodeURIComponent(url.pathname);
  if (path === "" || path === "/") return fail("path", "missing serial port: modbus-rtu:///dev/ttyUSB0");
  const query = RtuQuery.safeParse(params);
  if (!query.success) return queryError(query.error, RtuQuery);
  const q = query.data;
  const parity = q.parity ?? "even";
  return {
    ok: true,
    endpoint: {
      transport: "rtu",
      path,
      baud: q.baud ?? 9600,
      // "The default parity mode must be even parity"; without parity, 2 stop bits keep the
      // 11-bit character (Modbus over Serial Line v1.02 §2.5.1).
      parity,
      stopBits: q.stopBits === "2" || (q.stopBits === undefined && parity === "none") ? 2 : 1,
      dataBits: 8,
      unit: q.unit ?? 1,
      timeoutMs: q.timeout ?? DEFAULT_TIMEOUT_MS,
      retries: q.retries ?? 1,
    },
  };
}

function queryError(error: z.ZodError, schema: z.ZodObject): UrlResult {
  const issue = error.issues[0];
  if (issue?.code === "unrecognized_keys") {
    const known = Object.keys(schema.shape).join(", ");
    return fail(issue.keys[0] ?? "query", `unknown parameter (known: ${known})`);
  }
  return fail(String(issue?.path[0] ?? "query"), issue?.message ?? "invalid");
}

function fail(field: string, message: string): UrlResult {
  return { ok: false, field, message };
}

/** The key devices share a connection or bus by: `host:port`, or the serial port path. */
export function linkKeyOf(endpoint: ModbusEndpoint): string {
  if (endpoint.transport === "rtu") return `rtu://${endpoint.path}`;
  const host = endpoint.host.includes(":") ? `[${endpoint.host}]` : endpoint.host;
  return `tcp://${host}:${endpoint.port}`;
}
