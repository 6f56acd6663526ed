import { type DeviceSamples, MAX_DATA_DEVICES, type Sample } from "@onramp/contract";

export interface Batch {
  readonly devices: DeviceSamples[];
  readonly samples: number;
}

export interface BatcherOptions {
  readonly maxSamples: number;
  /**
   * Bound on the body's JSON bytes, so the signed frame (payload base64url: ×4/3) stays under the
   * contract decoder's 256 KiB limit whatever the values are (string values reach 1,024 chars).
   */
  readonly maxBodyBytes: number;
}

/** 180,000 JSON bytes → 240,000 base64url bytes + header and signature < 262,144. */
export const DEFAULT_MAX_BODY_BYTES = 180_000;

/**
 * Collects reported samples into data-frame batches. Pure: the caller decides when a batch is
 * old enough (`oldestAt`) and takes it. Samples of one device keep their arrival order, within a
 * batch and across batches (batches are signed in the order they are taken).
 */
export interface Batcher {
  /** Adds samples; returns the batches that became full (already taken). */
  add(device: string, samples: readonly Sample[], now: number): Batch[];
  /** The batch being filled, or undefined when empty. */
  take(): Batch | undefined;
  /** When the oldest pending sample was added; undefined when empty. */
  readonly oldestAt: number | undefined;
  readonly pendingSamples: number;
}

/** Upper estimate of a sample's bytes in the body's JSON. */
function sampleBytes(sample: Sample): number {
  const value = typeof sample.v === "string" ? sample.v.length * 6 + 2 : 24;
  return sample.s.length + value + 48;
}

export function createBatcher(options: BatcherOptions): Batcher {
  let byDevice = new Map<string, Sample[]>();
  let samples = 0;
  let bytes = 0;
  let oldestAt: number | undefined;

  const take = (): Batch | undefined => {
    if (samples === 0) return undefined;
    const devices = [...byDevice].map(([dev, list]) => ({ dev, samples: list }));
    const batch = { devices, samples };
    byDevice = new Map();
    samples = 0;
    bytes = 0;
    oldestAt = undefined;
    return batch;
  };

  return {
    add(device, incoming, now) {
      const full: Batch[] = [];
      for (const sample of incoming) {
        const size = sampleBytes(sample);
        const isNewDevice = !byDevice.has(device);
        const wouldOverflow =
          samples + 1 > options.maxSamples ||
          bytes + size + (isNewDevice ? device.length + 32 : 0) > options.maxBodyBytes ||
          (isNewDevice && byDevice.size >= MAX_DATA_DEVICES);
        if (wouldOverflow && samples > 0) {
          const batch = take();
          if (batch) full.push(batch);
        }
        let list = byDevice.get(device);
        if (list === undefined) {
          list = [];
          byDevice.set(device, list);
          bytes += device.length + 32;
        }
        list.push(sample);
        samples += 1;
        bytes += size;
        oldestAt ??= now;
      }
      return full;
    },
    take,
    get oldestAt() {
      return oldestAt;
    },
    get pendingSamples() {
      return samples;
    },
  };
}
