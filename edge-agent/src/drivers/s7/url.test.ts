import { describe, expect, it } from "vitest";
import { parseS7Url } from "./url.js";

describe("S7 connection URL", () => {
  it("derives the remote TSAP from connection type, rack and slot", () => {
    expect(parseS7Url("s7://10.0.0.20?rack=0&slot=1")).toEqual({
      ok: true,
      endpoint: {
        host: "10.0.0.20",
        port: 102,
        localTsap: 0x0100,
        remoteTsap: 0x0101,
        pduSize: 480,
        timeoutMs: 2000,
      },
    });
    // S7-400 in rack 1 slot 3 as an OP: resource 2, 1 × 32 + 3.
    expect(parseS7Url("s7://plc:1102?rack=1&slot=3&type=op&timeout=500")).toMatchObject({
      ok: true,
      endpoint: { host: "plc", port: 1102, remoteTsap: 0x0223, timeoutMs: 500 },
    });
  });

  it("uses the fixed TSAPs and the 240-byte PDU of an S7-200 SMART and a LOGO!, explicit TSAPs winning", () => {
    expect(parseS7Url("s7://10.0.0.21?type=s7-200-smart")).toMatchObject({
      ok: true,
      endpoint: { localTsap: 0x1000, remoteTsap: 0x0300, pduSize: 240 },
    });
    expect(parseS7Url("s7://10.0.0.22?type=logo&remoteTsap=0x2100")).toMatchObject({
      ok: true,
      endpoint: { localTsap: 0x0100, remoteTsap: 0x2100, pduSize: 240 },
    });
  });

  it("names the field of a bad URL", () => {
    expect(parseS7Url("s7://10.0.0.20?slot=40")).toMatchObject({ ok: false, field: "slot" });
    expect(parseS7Url("s7://10.0.0.20?pduSize=1920")).toMatchObject({ ok: false, field: "pduSize" });
    expect(parseS7Url("s7://10.0.0.20?rak=0")).toMatchObject({
      ok: false,
      field: "query",
      message: "unknown parameter(s) rak",
    });
    expect(parseS7Url("s7://10.0.0.21?type=logo&slot=1")).toMatchObject({ ok: false, field: "rack" });
    expect(parseS7Url("s7://10.0.0.20/DB10")).toMatchObject({ ok: false, field: "path" });
  });
});
