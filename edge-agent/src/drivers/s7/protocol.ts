/**
 * S7comm frames, as pure functions (no I/O): ISO-on-TCP (RFC 1006 TPKT + ISO 8073 COTP class 0)
 * carrying S7comm PDUs. Byte layouts follow the Snap7 sources (s7_types.h, s7_isotcp.h) and the
 * Wireshark S7comm dissector, which are the public descriptions of this Siemens protocol.
 */

/** Area bytes of a read-var item (S7 "any pointer" area codes). */
export const AREA_CODE = { i: 0x81, q: 0x82, m: 0x83, db: 0x84, c: 0x1c, t: 0x1d } as const;
export type S7AreaCode = keyof typeof AREA_CODE;

/** Return codes of a read-var item (data item header, first byte). */
export const ITEM_RETURN_NAMES: Readonly<Record<number, string>> = {
  1: "hardware fault",
  3: "object access not allowed",
  5: "address out of range",
  6: "data type not supported",
  7: "data type inconsistent",
  10: "object does not exist",
  255: "success",
};

export const ITEM_OK = 0xff;

/** S7comm header sizes: a job or userdata header is 10 bytes, an ack-data header 12. */
const JOB_HEADER = 10;
const ACK_HEADER = 12;
/** TPKT (4) + COTP data header (3). */
export const ISO_OVERHEAD = 7;
/** Read-var request: header + function + item count, then 12 bytes per item. */
export const READ_REQUEST_BASE = JOB_HEADER + 2;
export const READ_REQUEST_ITEM = 12;
/** Read-var answer: ack header + function + item count, then 4 header bytes per item, data padded to even. */
export const READ_ANSWER_BASE = ACK_HEADER + 2;
export const READ_ANSWER_ITEM = 4;
/** Snap7's and the S7-300/400 CPUs' limit of items in one read-var (MaxVars). */
export const MAX_ITEMS_PER_READ = 20;

export function tpkt(payload: Buffer): Buffer {
  const header = Buffer.from([0x03, 0x00, 0, 0]);
  header.writeUInt16BE(payload.length + 4, 2);
  return Buffer.concat([header, payload]);
}

/** COTP connection request (ISO 8073 §13.3) with the TPDU size and both TSAPs. */
export function connectionRequest(localTsap: number, remoteTsap: number): Buffer {
  const cotp = Buffer.from([
    0x11,
    0xe0,
    0x00,
    0x00,
    0x00,
    0x01,
    0x00,
    0xc0,
    0x01,
    0x0a, // TPDU size 1024
    0xc1,
    0x02,
    (localTsap >> 8) & 0xff,
    localTsap & 0xff,
    0xc2,
    0x02,
    (remoteTsap >> 8) & 0xff,
    remoteTsap & 0xff,
  ]);
  return tpkt(cotp);
}

/** True when a TPKT payload is a COTP connection confirm (0xD0). */
export function isConnectionConfirm(payload: Buffer): boolean {
  return payload.length >= 2 && (payload[1] ?? 0) === 0xd0;
}

/** Wraps an S7 PDU in a COTP data TPDU (last data unit) and a TPKT. */
export function dataFrame(pdu: Buffer): Buffer {
  return tpkt(Buffer.concat([Buffer.from([0x02, 0xf0, 0x80]), pdu]));
}

function header(rosctr: number, ref: number, paramLength: number, dataLength: number): Buffer {
  const h = Buffer.alloc(JOB_HEADER);
  h[0] = 0x32;
  h[1] = rosctr;
  h.writeUInt16BE(ref & 0xffff, 4);
  h.writeUInt16BE(paramLength, 6);
  h.writeUInt16BE(dataLength, 8);
  return h;
}

/** Setup communication: one call in each direction, the PDU size we ask for. */
export function setupCommunication(ref: number, pduSize: number): Buffer {
  const param = Buffer.from([0xf0, 0x00, 0x00, 0x01, 0x00, 0x01, (pduSize >> 8) & 0xff, pduSize & 0xff]);
  return Buffer.concat([header(0x01, ref, param.length, 0), param]);
}

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

/** The ack-data of an S7 job: its header error, and parameter and data parts. */
interface AckData {
  readonly ref: number;
  readonly param: Buffer;
  readonly data: Buffer;
}

function parseAck(pdu: Buffer, rosctr: number): Parsed<AckData> {
  const size = rosctr === 0x03 ? ACK_HEADER : JOB_HEADER;
  if (pdu.length < size || pdu[0] !== 0x32) return { ok: false, message: "not an S7comm PDU" };
  if (pdu[1] !== rosctr) return { ok: false, message: `expected ROSCTR ${rosctr}, got ${pdu[1]}` };
  if (rosctr === 0x03 && (pdu[10] !== 0 || pdu[11] !== 0)) {
    const code = pdu.readUInt16BE(10);
    return {
      ok: false,
      message: `the CPU refused the job with error 0x${code.toString(16).padStart(4, "0")}`,
    };
  }
  const paramLength = pdu.readUInt16BE(6);
  const dataLength = pdu.readUInt16BE(8);
  if (size + paramLength + dataLength > pdu.length)
    return { ok: false, message: "S7comm PDU shorter than its header says" };
  return {
    ok: true,
    value: {
      ref: pdu.readUInt16BE(4),
      param: pdu.subarray(size, size + paramLength),
      data: pdu.subarray(size + paramLength, size + paramLength + dataLength),
    },
  };
}

export function pduRefOf(pdu: Buffer): number | undefined {
  return pdu.length >= 6 && pdu[0] === 0x32 ? pdu.readUInt16BE(4) : undefined;
}

/** The PDU size the CPU agreed to (never more than asked for). */
export function parseSetupCommunication(pdu: Buffer): Parsed<number> {
  const ack = parseAck(pdu, 0x03);
  if (!ack.ok) return ack;
  if (ack.value.param.length < 8 || ack.value.param[0] !== 0xf0)
    return { ok: false, message: "setup communication answer without its parameters" };
  return { ok: true, value: ack.value.param.readUInt16BE(6) };
}

/** One read-var item: a byte range of an area, or a run of counters/timers. */
export interface ReadItem {
  readonly area: S7AreaCode;
  /** Data block number (0 outside `db`). */
  readonly db: number;
  /** Byte offset, or the first counter/timer number. */
  readonly start: number;
  /** Bytes, or counters/timers for `c`/`t`. */
  readonly length: number;
}

/** Bytes an item's answer carries. */
export function answerBytes(item: ReadItem): number {
  return item.area === "c" || item.area === "t" ? item.length * 2 : item.length;
}

/** Read var (function 0x04) of several items, each an S7ANY pointer (12 bytes). */
export function readVarRequest(ref: number, items: readonly ReadItem[]): Buffer {
  const param = Buffer.alloc(2 + READ_REQUEST_ITEM * items.length);
  param[0] = 0x04;
  param[1] = items.length;
  items.forEach((item, i) => {
    const at = 2 + READ_REQUEST_ITEM * i;
    const isCounter = item.area === "c" || item.area === "t";
    param[at] = 0x12;
    param[at + 1] = 0x0a;
    param[at + 2] = 0x10;
    // Transport size: BYTE for memory areas; COUNTER (0x1C) / TIMER (0x1D) for those areas.
    param[at + 3] = isCounter ? AREA_CODE[item.area] : 0x02;
    param.writeUInt16BE(item.length, at + 4);
    param.writeUInt16BE(item.db, at + 6);
    param[at + 8] = AREA_CODE[item.area];
    // Address: bit address (byte × 8) for memory areas, the plain number for counters/timers.
    const address = isCounter ? item.start : item.start * 8;
    param[at + 9] = (address >> 16) & 0xff;
    param[at + 10] = (address >> 8) & 0xff;
    param[at + 11] = address & 0xff;
  });
  return Buffer.concat([header(0x01, ref, param.length, 0), param]);
}

export type ItemAnswer =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly returnCode: number };

/** The per-item answers of a read var, in request order. */
export function parseReadVar(pdu: Buffer, itemCount: number): Parsed<ItemAnswer[]> {
  const ack = parseAck(pdu, 0x03);
  if (!ack.ok) return ack;
  const { param, data } = ack.value;
  if (param[0] !== 0x04 || param[1] !== itemCount)
    return { ok: false, message: `read var answer for ${param[1]} items, asked for ${itemCount}` };
  const answers: ItemAnswer[] = [];
  let at = 0;
  for (let i = 0; i < itemCount; i++) {
    if (at + 4 > data.length) return { ok: false, message: `read var answer ends before item ${i + 1}` };
    const returnCode = data[at] ?? 0;
    const transport = data[at + 1] ?? 0;
    const length = data.readUInt16BE(at + 2);
    at += 4;
    if (returnCode !== ITEM_OK) {
      answers.push({ ok: false, returnCode });
      continue;
    }
    // Lengths are in bits for BIT/BYTE/WORD/INTEGER transport sizes, in bytes for the others.
    const bytes =
      transport === 0x03 || transport === 0x04 || transport === 0x05 ? Math.ceil(length / 8) : length;
    if (at + bytes > data.length)
      return { ok: false, message: `item ${i + 1} claims ${bytes} bytes past the answer's end` };
    answers.push({ ok: true, bytes: Buffer.from(data.subarray(at, at + bytes)) });
    at += bytes;
    if (bytes % 2 === 1 && i < itemCount - 1) at += 1;
  }
  return { ok: true, value: answers };
}

/** Userdata "read SZL" request (CPU functions group, subfunction 0x01). */
export function readSzlRequest(ref: number, szlId: number, index: number): Buffer {
  const param = Buffer.from([0x00, 0x01, 0x12, 0x04, 0x11, 0x44, 0x01, 0x00]);
  const data = Buffer.from([0xff, 0x09, 0x00, 0x04, szlId >> 8, szlId & 0xff, index >> 8, index & 0xff]);
  return Buffer.concat([header(0x07, ref, param.length, data.length), param, data]);
}

export interface SzlList {
  readonly recordLength: number;
  readonly records: readonly Buffer[];
  /** The CPU has more data units for this list than the first answer carried. */
  readonly isPartial: boolean;
}

export function parseSzl(pdu: Buffer): Parsed<SzlList> {
  const ack = parseAck(pdu, 0x07);
  if (!ack.ok) return ack;
  const { param, data } = ack.value;
  if (param.length >= 12 && param.readUInt16BE(10) !== 0)
    return {
      ok: false,
      message: `the CPU refused the SZL read with error 0x${param.readUInt16BE(10).toString(16)}`,
    };
  if (data.length < 4 || data[0] !== ITEM_OK)
    return {
      ok: false,
      message: `the CPU refused the SZL read (return code 0x${(data[0] ?? 0).toString(16)})`,
    };
  if (data.length < 12) return { ok: false, message: "SZL answer without its list header" };
  const recordLength = data.readUInt16BE(8);
  const count = data.readUInt16BE(10);
  const records: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const start = 12 + i * recordLength;
    if (start + recordLength > data.length) break;
    records.push(Buffer.from(data.subarray(start, start + recordLength)));
  }
  const isPartial = param.length >= 10 && param[9] !== 0x00;
  return { ok: true, value: { recordLength, records, isPartial } };
}
