import { describe, expect, it } from "vitest";
import { connectionRequest, parseReadVar, readVarRequest } from "./protocol.js";

describe("S7comm frames", () => {
  it("builds the COTP connection request Snap7 sends for rack 0 slot 2", () => {
    // TPKT 03 00 00 16, COTP CR with TPDU size 1024 and TSAPs 01.00 / 01.02.
    expect(connectionRequest(0x0100, 0x0102).toString("hex")).toBe(
      "0300001611e00000000100c0010ac1020100c2020102",
    );
  });

  it("addresses DB10.DBD4 as an S7ANY item of 4 bytes at bit address 32", () => {
    const pdu = readVarRequest(7, [{ area: "db", db: 10, start: 4, length: 4 }]);
    expect(pdu.toString("hex")).toBe("320100000007000e00000401120a10020004000a84000020");
  });

  it("addresses counters by number, with the COUNTER transport size", () => {
    const pdu = readVarRequest(1, [{ area: "c", db: 0, start: 5, length: 2 }]);
    expect(pdu.subarray(12).toString("hex")).toBe("120a101c000200001c000005");
  });

  it("parses per-item answers: data padded to even between items, refusals without data", () => {
    // Header (ack-data, 2 param bytes, 16 data bytes), read var of 3 items, then per item:
    // ok 1 byte + pad; refused 0x0A; ok 2 bytes (octet string, length in bytes).
    const ack = Buffer.from(
      "320300000001000200100000" + "0403" + "ff040008ab00" + "0a000000" + "ff0900020102",
      "hex",
    );
    const parsed = parseReadVar(ack, 3);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.value).toEqual([
      { ok: true, bytes: Buffer.from([0xab]) },
      { ok: false, returnCode: 0x0a },
      { ok: true, bytes: Buffer.from([0x01, 0x02]) },
    ]);
    // A header that promises more than the frame holds is a bad answer, never a short value.
    expect(parseReadVar(ack.subarray(0, ack.length - 2), 3).ok).toBe(false);
  });
});
