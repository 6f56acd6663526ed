import {
  ByteOrder,
  MODBUS_MAX_BITS_PER_READ,
  MODBUS_MAX_REGISTERS_PER_READ,
  ModbusTable,
} from "@onramp/profiles";
import { PROBE_EXIT, type ProbeRun, probeExitOfCause } from "../probe-mode.js";
import { formatTable } from "../text-table.js";
import { causeOfFailure, describeException, modbusCause } from "./errors.js";
import { DEFAULT_MODBUS_OPTIONS } from "./factory.js";
import { LinkPool } from "./link-pool.js";
import { type RawSegment, readAroundRefusals } from "./raw-segments.js";
import { type BitRow, dumpBits, dumpRegisters, type RegisterRow } from "./register-dump.js";
import { DeviceSession, emptyCounters } from "./session.js";
import { parseModbusUrl } from "./url.js";

/** `probe --raw`: a register dump straight from the device, without a profile. */
export async function dumpRaw({ connection, values, json, io }: ProbeRun): Promise<number> {
  const usageError = (message: string): number => {
    io.stderr(`probe --raw: ${message}\n`);
    return PROBE_EXIT.badArguments;
  };
  const table = ModbusTable.safeParse(values.table ?? "holding");
  if (!table.success) return usageError(`--table: expected one of ${ModbusTable.options.join(", ")}`);
  const isBits = table.data === "coil" || table.data === "discrete";
  const maxCount = isBits ? MODBUS_MAX_BITS_PER_READ : MODBUS_MAX_REGISTERS_PER_READ;
  const address = integerOption(values.address, 0, 65535);
  if (address === undefined) return usageError("--address: expected an integer from 0 to 65535");
  const count = integerOption(values.count, 1, Math.min(maxCount, 65536 - address));
  if (count === undefined)
    return usageError(`--count: expected an integer from 1 to ${maxCount} (not past 65535)`);

  const where = { device: "probe", url: connection };
  const parsed = parseModbusUrl(connection);
  if (!parsed.ok) {
    const cause = modbusCause("ONRAMP_MODBUS_BAD_URL", where, `${parsed.field}: ${parsed.message}`);
    io.stderr(`${cause.code}: ${cause.message}\n`);
    return PROBE_EXIT.badArguments;
  }
  const pool = new LinkPool(DEFAULT_MODBUS_OPTIONS.reconnect);
  try {
    const lease = pool.acquire(parsed.endpoint, "probe");
    if (!lease.ok) return usageError(lease.message);
    const session = new DeviceSession(lease.lease.link, parsed.endpoint, emptyCounters());
    const outcome = await readAroundRefusals((a, n) => session.read(table.data, a, n), address, count);
    const request = `${table.data} ${address}+${count}`;
    const answered = outcome.ok ? outcome.value.filter((s) => "values" in s) : [];
    if (!outcome.ok || answered.length === 0) {
      const cause = outcome.ok
        ? refusedCause(outcome.value, where, request)
        : causeOfFailure(outcome.failure, { ...where, request });
      if (json) io.stdout(`${JSON.stringify({ connection, error: cause })}\n`);
      else io.stderr(`${cause.code}: ${cause.message}\n`);
      return probeExitOfCause(cause.code);
    }
    const refused = outcome.value.flatMap((s) =>
      "exception" in s
        ? [
            {
              address: s.address,
              count: s.count,
              exception: s.exception,
              text: describeException(s.exception),
            },
          ]
        : [],
    );
    const rows: (BitRow | RegisterRow)[] = answered.flatMap((s): (BitRow | RegisterRow)[] =>
      isBits ? dumpBits(s.address, s.values) : dumpRegisters(table.data, s.address, s.values.map(Number)),
    );
    if (json)
      io.stdout(`${JSON.stringify({ connection, table: table.data, address, count, rows, refused })}\n`);
    else {
      const text = isBits ? formatBits(rows as BitRow[]) : formatRegisters(rows as RegisterRow[]);
      const gaps = refused.map(
        (r) => `refused: ${r.address}–${r.address + r.count - 1} (${r.count}), ${r.text}\n`,
      );
      io.stdout(`${text}\n${gaps.join("")}`);
    }
    return refused.length > 0 ? PROBE_EXIT.someBad : PROBE_EXIT.ok;
  } finally {
    await pool.close();
  }
}

/** Every address refused: the first refusal is the dump's cause. */
function refusedCause(
  segments: readonly RawSegment[],
  where: { device: string; url: string },
  request: string,
) {
  const first = segments.find((s) => "exception" in s);
  const exception = first && "exception" in first ? first.exception : 2;
  return modbusCause(
    "ONRAMP_MODBUS_EXCEPTION",
    where,
    `${request} refused with ${describeException(exception)}`,
  );
}

function integerOption(value: unknown, min: number, max: number): number | undefined {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  return n >= min && n <= max ? n : undefined;
}

/** float32 with the 7 significant digits it carries, so the dump stays readable. */
function shortFloat(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(7))) : String(value);
}

function formatRegisters(rows: readonly RegisterRow[]): string {
  const orders = ByteOrder.options;
  const header = [
    "address",
    "uint16",
    "int16",
    "hex",
    "ascii",
    ...orders.map((o) => `float32 ${o}`),
    ...orders.map((o) => `int32 ${o}`),
    ...orders.map((o) => `float64 ${o}`),
    ...orders.map((o) => `int64 ${o}`),
  ];
  return formatTable([
    header,
    ...rows.map((row) => [
      String(row.address),
      String(row.value),
      String(row.int16),
      row.hex,
      row.ascii,
      ...orders.map((o) => (row.float32 ? shortFloat(row.float32[o]) : "")),
      ...orders.map((o) => (row.int32 ? String(row.int32[o]) : "")),
      ...orders.map((o) => (row.float64 ? String(row.float64[o]) : "")),
      ...orders.map((o) => (row.int64 ? String(row.int64[o]) : "")),
    ]),
  ]);
}

function formatBits(rows: readonly BitRow[]): string {
  return formatTable([
    ["address", "value"],
    ...rows.map((row) => [String(row.address), row.value ? "1" : "0"]),
  ]);
}
