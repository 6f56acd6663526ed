import { describe, expect, it } from "vitest";
import { shortestFloat32 } from "./float32.js";

const widened = (x: number) => new DataView(new Float32Array([x]).buffer).getFloat32(0, true);

describe("shortestFloat32", () => {
  it("drops the binary digits a float32 gains when widened to a double", () => {
    expect(widened(23.1)).toBe(23.100000381469727);
    expect(shortestFloat32(widened(23.1))).toBe(23.1);
    expect(shortestFloat32(widened(0.1))).toBe(0.1);
    expect(shortestFloat32(widened(-1234.567))).toBe(-1234.567);
    expect(shortestFloat32(widened(3.4028234663852886e38))).toBe(3.4028235e38);
  });

  it("keeps every value exact as a float32 (random bit patterns)", () => {
    const bits = new Uint32Array(1);
    const view = new Float32Array(bits.buffer);
    let seed = 12345;
    for (let i = 0; i < 20_000; i++) {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      bits[0] = seed;
      const x = view[0] as number;
      if (!Number.isFinite(x)) continue;
      const short = shortestFloat32(x);
      expect(Math.fround(short)).toBe(x);
      // At most 9 significant digits: rounding to 9 changes nothing.
      expect(Number(short.toPrecision(9))).toBe(short);
    }
  });

  it("leaves zero, integers and non-finite values alone", () => {
    expect(shortestFloat32(0)).toBe(0);
    expect(Object.is(shortestFloat32(-0), -0)).toBe(true);
    expect(shortestFloat32(16_777_216)).toBe(16_777_216);
    expect(shortestFloat32(Number.NaN)).toBeNaN();
    expect(shortestFloat32(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});
