import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteOrder, ModbusDataType, ModbusSource, registerCount } from "../schema/source.js";
import { decodeRegisters } from "./decode-registers.js";
import { encodeRegisters } from "./encode-registers.js";

const ORDERS = ByteOrder.options;

function source(dataType: ModbusDataType, order: ByteOrder = "ABCD", extra: object = {}): ModbusSource {
  const table = dataType === "bool" ? "coil" : "holding";
  return ModbusSource.parse({ table, address: 100, dataType, order, ...extra });
}

describe("decodeRegisters on values from vendor manuals", () => {
  it("reads a float32 as its shortest decimal, not the widened double (0x41B8CCCD is 23.1, not 23.100000381469727)", () => {
    expect(decodeRegisters([0x41b8, 0xcccd], source("float32", "ABCD"))).toBe(23.1);
  });

  it("reads float32 230.0 (0x43660000) in all four orders", () => {
    expect(decodeRegisters([0x4366, 0x0000], source("float32", "ABCD"))).toBe(230);
    expect(decodeRegisters([0x0000, 0x4366], source("float32", "CDAB"))).toBe(230);
    expect(decodeRegisters([0x6643, 0x0000], source("float32", "BADC"))).toBe(230);
    expect(decodeRegisters([0x0000, 0x6643], source("float32", "DCBA"))).toBe(230);
  });

  it("reads 16-bit integers, byte-swapped for BADC and DCBA", () => {
    expect(decodeRegisters([0xfffe], source("int16"))).toBe(-2);
    expect(decodeRegisters([0xfffe], source("uint16"))).toBe(65534);
    expect(decodeRegisters([0x3412], source("uint16", "BADC"))).toBe(0x1234);
    expect(decodeRegisters([0x3412], source("uint16", "DCBA"))).toBe(0x1234);
    expect(decodeRegisters([0x1234], source("uint16", "CDAB"))).toBe(0x1234);
  });

  it("reads 32-bit integers with the word swap most PLCs use", () => {
    expect(decodeRegisters([0x0001, 0x0002], source("uint32"))).toBe(0x10002);
    expect(decodeRegisters([0x0002, 0x0001], source("uint32", "CDAB"))).toBe(0x10002);
    expect(decodeRegisters([0xffff, 0xffff], source("int32"))).toBe(-1);
  });

  it("applies the swaps over all four registers of a 64-bit value", () => {
    const words = [0x0102, 0x0304, 0x0506, 0x0708];
    const value = 0x0102030405060708n;
    expect(decodeRegisters(words, source("uint64"))).toBe(Number(value));
    expect(decodeRegisters([0x0708, 0x0506, 0x0304, 0x0102], source("uint64", "CDAB"))).toBe(Number(value));
    expect(decodeRegisters([0x0201, 0x0403, 0x0605, 0x0807], source("uint64", "BADC"))).toBe(Number(value));
    expect(decodeRegisters([0x0807, 0x0605, 0x0403, 0x0201], source("uint64", "DCBA"))).toBe(Number(value));
    expect(decodeRegisters([0xffff, 0xffff, 0xffff, 0xfffe], source("int64"))).toBe(-2);
  });

  it("reads float64 (1.5 = 0x3FF8000000000000)", () => {
    expect(decodeRegisters([0x3ff8, 0, 0, 0], source("float64"))).toBe(1.5);
  });

  it("reads strings high byte first and trims trailing NULs and spaces", () => {
    const name = source("string", "ABCD", { length: 4 });
    expect(decodeRegisters([0x4142, 0x4320, 0x0000, 0x0000], name)).toBe("ABC");
    expect(decodeRegisters([0x4241, 0x2043, 0x0000, 0x2020], source("string", "BADC", { length: 4 }))).toBe(
      "ABC",
    );
    expect(decodeRegisters([0x4100, 0x4200], source("string", "ABCD", { length: 2 }))).toBe("A\0B");
  });

  it("replaces non-ASCII bytes of an ascii string instead of guessing a code page", () => {
    expect(decodeRegisters([0x41e9], source("string", "ABCD", { length: 1 }))).toBe("A\uFFFD");
  });

  it("reads utf8 strings", () => {
    expect(decodeRegisters([0xc3a9, 0x7465], source("string", "ABCD", { length: 2, encoding: "utf8" }))).toBe(
      "éte",
    );
  });

  it("reads one bit of a register, 0 being the least significant", () => {
    expect(decodeRegisters([0b1000_0000_0000_0100], source("bit", "ABCD", { bit: 2 }))).toBe(true);
    expect(decodeRegisters([0b1000_0000_0000_0100], source("bit", "ABCD", { bit: 15 }))).toBe(true);
    expect(decodeRegisters([0b1000_0000_0000_0100], source("bit", "ABCD", { bit: 3 }))).toBe(false);
  });

  it("reads coil and discrete bits given as booleans or 0/1", () => {
    expect(decodeRegisters([true], source("bool"))).toBe(true);
    expect(decodeRegisters([0], source("bool"))).toBe(false);
  });

  it("rejects a block shorter than the source as a caller bug", () => {
    expect(() => decodeRegisters([1], source("float32"))).toThrow(RangeError);
  });
});

describe("encodeRegisters", () => {
  it("produces the words a device sends", () => {
    expect(encodeRegisters(230, source("float32", "CDAB"))).toEqual([0x0000, 0x4366]);
    expect(encodeRegisters(-2, source("int16"))).toEqual([0xfffe]);
    expect(encodeRegisters("ABC", source("string", "ABCD", { length: 3 }))).toEqual([0x4142, 0x4300, 0]);
    expect(encodeRegisters(true, source("bit", "ABCD", { bit: 4 }))).toEqual([16]);
  });

  it("throws on values the source cannot hold", () => {
    expect(() => encodeRegisters(40000, source("int16"))).toThrow(RangeError);
    expect(() => encodeRegisters(1.5, source("int32"))).toThrow(RangeError);
    expect(() => encodeRegisters("too long", source("string", "ABCD", { length: 1 }))).toThrow(RangeError);
    expect(() => encodeRegisters("é", source("string", "ABCD", { length: 1 }))).toThrow(RangeError);
    expect(() => encodeRegisters(1, source("bool"))).toThrow(RangeError);
  });
});

const INTEGERS: Record<string, fc.Arbitrary<bigint>> = {
  int16: fc.bigInt(-(2n ** 15n), 2n ** 15n - 1n),
  uint16: fc.bigInt(0n, 2n ** 16n - 1n),
  int32: fc.bigInt(-(2n ** 31n), 2n ** 31n - 1n),
  uint32: fc.bigInt(0n, 2n ** 32n - 1n),
  int64: fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n),
  uint64: fc.bigInt(0n, 2n ** 64n - 1n),
};

describe("encode then decode round-trips (property)", () => {
  for (const order of ORDERS) {
    for (const [dataType, values] of Object.entries(INTEGERS)) {
      it(`${dataType} ${order}: returns the value (as the nearest Number beyond 2^53)`, () => {
        const s = source(dataType as ModbusDataType, order);
        fc.assert(fc.property(values, (v) => decodeRegisters(encodeRegisters(v, s), s) === Number(v)));
      });
    }
    it(`float32 ${order}: returns the same float (as its shortest decimal), NaN and -0 included`, () => {
      const s = source("float32", order);
      fc.assert(
        fc.property(fc.float(), (v) =>
          Object.is(Math.fround(decodeRegisters(encodeRegisters(v, s), s) as number), v),
        ),
      );
    });
    it(`float64 ${order}: returns the same double`, () => {
      const s = source("float64", order);
      fc.assert(fc.property(fc.double(), (v) => Object.is(decodeRegisters(encodeRegisters(v, s), s), v)));
    });
    it(`string ${order}: returns the text without trailing NULs and spaces`, () => {
      const ascii = fc.string({ unit: "binary-ascii", maxLength: 40 });
      const utf8 = fc.string({ unit: "grapheme", maxLength: 20 });
      fc.assert(
        fc.property(fc.oneof(ascii, utf8), (v) => {
          const isAscii = /^[\0-\x7f]*$/.test(v);
          const bytes = new TextEncoder().encode(v).length;
          const s = source("string", order, {
            length: Math.max(1, Math.ceil(bytes / 2)),
            encoding: isAscii ? "ascii" : "utf8",
          });
          return decodeRegisters(encodeRegisters(v, s), s) === v.replace(/[\0 ]+$/, "");
        }),
      );
    });
  }
  it("bit and bool: returns the same boolean", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.boolean(), (bit, v) => {
        const s = source("bit", "ABCD", { bit });
        return decodeRegisters(encodeRegisters(v, s), s) === v;
      }),
    );
    fc.assert(
      fc.property(
        fc.boolean(),
        (v) => decodeRegisters(encodeRegisters(v, source("bool")), source("bool")) === v,
      ),
    );
  });
});

describe("decode never throws on arbitrary words of the right length (property)", () => {
  const TYPES = ModbusDataType.options.filter((t) => t !== "bool");
  for (const dataType of TYPES) {
    it(`${dataType}, every order`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...ORDERS),
          fc.integer({ min: 1, max: 8 }),
          fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 32, maxLength: 32 }),
          (order, length, words) => {
            const extra = dataType === "bit" ? { bit: length } : dataType === "string" ? { length } : {};
            const s = source(dataType, order, extra);
            const value = decodeRegisters(words.slice(0, registerCount(s)), s);
            return ["number", "string", "boolean"].includes(typeof value);
          },
        ),
      );
    });
  }
});
