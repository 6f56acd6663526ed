import { describe, expect, it } from "vitest";
import { parseMtconnectUrl } from "./url.js";

describe("MTConnect connection URL", () => {
  it("reads host, port, device and the sampling parameters", () => {
    expect(parseMtconnectUrl("mtconnect://10.0.0.30/Mazak?interval=500")).toEqual({
      ok: true,
      endpoint: {
        base: "http://10.0.0.30:5000/",
        device: "Mazak",
        intervalMs: 500,
        count: 1000,
        timeoutMs: 5000,
      },
    });
    expect(parseMtconnectUrl("mtconnect://agent:8080?tls=true&count=200")).toMatchObject({
      ok: true,
      endpoint: { base: "https://agent:8080/", device: undefined, count: 200 },
    });
    expect(parseMtconnectUrl("mtconnect://[::1]/VMC-1")).toMatchObject({
      ok: true,
      endpoint: { base: "http://[::1]:5000/" },
    });
  });

  it("names the field of a bad URL", () => {
    expect(parseMtconnectUrl("mtconnect://10.0.0.30/a/b")).toMatchObject({ ok: false, field: "path" });
    expect(parseMtconnectUrl("mtconnect://10.0.0.30?interval=5")).toMatchObject({
      ok: false,
      field: "interval",
    });
    expect(parseMtconnectUrl("mtconnect://10.0.0.30?from=1")).toMatchObject({ ok: false, field: "query" });
  });
});
