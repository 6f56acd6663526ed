// fast-check arbitraries for the contract's values, shared by the property tests.
import fc from "fast-check";
import type { DataBody, DeviceSamples } from "../messages/data.js";
import { MAX_EPOCH_MS } from "../messages/header.js";
import type { ReplySample, Sample } from "../messages/sample.js";

export const idArb = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,63}$/);
export const sessionIdArb = fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/);
export const epochMsArb = fc.integer({ min: 0, max: MAX_EPOCH_MS });

/** Full Unicode strings (any code point), so UTF-8 encoding and JSON escaping get exercised. */
const textArb = fc.string({ unit: "binary", maxLength: 40 });

export const sampleArb: fc.Arbitrary<Sample> = fc.record({
  s: idArb,
  v: fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    textArb,
    fc.constant(null),
  ),
  q: fc.constantFrom("good", "uncertain", "bad"),
  t: epochMsArb,
});

/** Reply samples: a read time, and sometimes the device's own source timestamp. */
export const replySampleArb: fc.Arbitrary<ReplySample> = sampleArb.chain((sample) =>
  fc.option(epochMsArb, { nil: undefined }).map((src) => (src === undefined ? sample : { ...sample, src })),
);

const deviceSamplesArb: fc.Arbitrary<DeviceSamples> = fc.record({
  dev: idArb,
  samples: fc.array(sampleArb, { minLength: 1, maxLength: 8 }),
});

export const dataBodyArb: fc.Arbitrary<DataBody> = fc.record(
  {
    v: fc.constant(1 as const),
    kind: fc.constant("data" as const),
    ent: idArb,
    gw: idArb,
    sess: sessionIdArb,
    seq: fc.maxSafeNat(),
    ts: epochMsArb,
    devices: fc.array(deviceSamplesArb, { maxLength: 5 }),
    loss: fc.record({ frames: fc.nat(), samples: fc.nat(), since: epochMsArb }),
  },
  { requiredKeys: ["v", "kind", "ent", "gw", "sess", "seq", "ts", "devices"] },
);
