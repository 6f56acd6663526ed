import { S7Area } from "@onramp/profiles";
import type { ProbeRun } from "../probe-mode.js";
import { formatTable } from "../text-table.js";
import { S7Connection, S7FailureError } from "./connection.js";
import { causeOfS7Failure, describeItemReturn, s7Cause } from "./errors.js";
import { maxItemBytes } from "./plan-reads.js";
import { parseReadVar, readVarRequest } from "./protocol.js";
import { parseS7Url } from "./url.js";

export interface ByteRow {
  readonly offset: number;
  readonly hex: string;
  /** Bits 7…0. */
  readonly bits: string;
  readonly word?: number;
  readonly int?: number;
  readonly dword?: number;
  readonly dint?: number;
  readonly real?: number;
  readonly char: string;
}

/** One row per byte offset; the wider types wherever they fit in the dump. */
export function dumpBytes(start: number, bytes: Buffer): ByteRow[] {
  return [...bytes].map((byte, i) => {
    const fits = (n: number) => i + n <= bytes.length;
    return {
      offset: start + i,
      hex: byte.toString(16).padStart(2, "0"),
      bits: byte.toString(2).padStart(8, "0"),
      ...(fits(2) ? { word: bytes.readUInt16BE(i), int: bytes.readInt16BE(i) } : {}),
      ...(fits(4)
        ? {
            dword: bytes.readUInt32BE(i),
            dint: bytes.readInt32BE(i),
            real: Number(bytes.readFloatBE(i).toPrecision(7)),
          }
        : {}),
      char: byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : ".",
    };
  });
}

export async function dumpS7({ connection, values, json, io }: ProbeRun): Promise<number> {
  const usageError = (message: string): number => {
    io.stderr(`probe --raw: ${message}\n`);
    return 2;
  };
  const area = S7Area.safeParse(values.area ?? "db");
  if (!area.success || area.data === "c" || area.data === "t")
    return usageError("--area: expected db, m, i or q");
  const db = integer(values.db ?? (area.data === "db" ? undefined : "0"), area.data === "db" ? 1 : 0, 65535);
  if (db === undefined)
    return usageError("--db: expected a data block number from 1 to 65535 with --area db");
  const address = integer(values.address ?? "0", 0, 65535);
  if (address === undefined) return usageError("--address: expected a byte offset from 0 to 65535");
  const where = { device: "probe", url: connection };
  const parsed = parseS7Url(connection);
  if (!parsed.ok) {
    const cause = s7Cause("ONRAMP_S7_BAD_URL", where, `${parsed.field}: ${parsed.message}`);
    io.stderr(`${cause.code}: ${cause.message}\n`);
    return 2;
  }
  let link: S7Connection | undefined;
  try {
    link = await S7Connection.open(parsed.endpoint);
    const max = maxItemBytes(link.pduSize);
    const count = integer(values.count ?? "16", 1, max);
    if (count === undefined)
      return usageError(
        `--count: expected 1 to ${max} bytes (one item of the agreed ${link.pduSize}-byte PDU)`,
      );
    const item = { area: area.data, db, start: address, length: count };
    const answer = await link.request(
      (ref) => readVarRequest(ref, [item]),
      parsed.endpoint.timeoutMs,
      "read var",
    );
    const items = parseReadVar(answer, 1);
    const first = items.ok ? items.value[0] : undefined;
    if (!first?.ok) {
      const what = items.ok ? `refused with ${describeItemReturn(first?.returnCode ?? 0)}` : items.message;
      const cause = s7Cause(items.ok ? "ONRAMP_S7_ITEM_ERROR" : "ONRAMP_S7_BAD_ANSWER", where, what);
      if (json) io.stdout(`${JSON.stringify({ connection, error: cause })}\n`);
      else io.stderr(`${cause.code}: ${cause.message}\n`);
      return 1;
    }
    const rows = dumpBytes(address, first.bytes);
    if (json)
      io.stdout(
        `${JSON.stringify({ connection, area: area.data, db, address, count, pduSize: link.pduSize, rows })}\n`,
      );
    else io.stdout(`${formatByteRows(rows)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof S7FailureError)) throw error;
    const cause = causeOfS7Failure(error.failure, where);
    if (json) io.stdout(`${JSON.stringify({ connection, error: cause })}\n`);
    else io.stderr(`${cause.code}: ${cause.message}\n`);
    return 1;
  } finally {
    link?.close();
  }
}

function integer(value: unknown, min: number, max: number): number | undefined {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  return n >= min && n <= max ? n : undefined;
}

/** The dump as a person reads it: one aligned row per byte offset. */
export function formatByteRows(rows: readonly ByteRow[]): string {
  const cell = (v: number | undefined) => (v === undefined ? "" : String(v));
  return formatTable([
    ["offset", "hex", "bits 7..0", "WORD", "INT", "DWORD", "DINT", "REAL", "char"],
    ...rows.map((r) => [
      String(r.offset),
      r.hex,
      r.bits,
      cell(r.word),
      cell(r.int),
      cell(r.dword),
      cell(r.dint),
      cell(r.real),
      r.char,
    ]),
  ]);
}
