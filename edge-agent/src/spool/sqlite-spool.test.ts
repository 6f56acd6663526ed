import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteSpool, type SqliteSpoolOptions } from "./sqlite-spool.js";

const dirs: string[] = [];
function spoolPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "onramp-spool-"));
  dirs.push(dir);
  return join(dir, "spool.db");
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(path: string, options: Partial<SqliteSpoolOptions> = {}) {
  return openSqliteSpool({ path, maxBytes: 10_000, maxAgeMs: 3_600_000, ...options });
}
const frame = (n: number, size = 1000, samples = 10) => ({
  topic: "onramp/v1/e/g/data",
  bytes: Buffer.alloc(size, n % 256),
  samples,
});

describe("sqlite spool", () => {
  it("tells a run that ended cleanly from one that did not, and the window since its last spooled frame", () => {
    const path = spoolPath();
    const first = open(path);
    expect(first.beginRun(1000)).toBeUndefined();
    first.append(frame(1), 1500);
    first.endRun();
    first.close();
    const second = open(path);
    expect(second.beginRun(2000)).toBeUndefined();
    second.append(frame(2), 2600);
    // Killed: closed without endRun.
    second.close();
    const third = open(path);
    expect(third.beginRun(9000)).toEqual({ from: 2600, to: 9000 });
    // Killed again before spooling anything: the window starts at that run's start.
    third.close();
    const fourth = open(path);
    expect(fourth.beginRun(12_000)).toEqual({ from: 9000, to: 12_000 });
    fourth.endRun();
    fourth.close();
  });

  it("keeps frames in spool order across a reopen and forgets only acknowledged ones", () => {
    const path = spoolPath();
    const spool = open(path);
    for (let n = 0; n < 5; n++) spool.append(frame(n), 1000 + n);
    const firstTwo = spool.readAfter(0, 2);
    spool.remove(firstTwo.map((f) => f.id));
    spool.close();
    const reopened = open(path);
    const rest = reopened.readAfter(0, 100);
    expect(rest.map((f) => f.bytes[0])).toEqual([2, 3, 4]);
    expect(rest.map((f) => f.createdAt)).toEqual([1002, 1003, 1004]);
    expect(reopened.stats()).toMatchObject({ frames: 3, bytes: 3000, evictedFrames: 0 });
    reopened.close();
  });

  it("evicts the oldest frames when full and counts every evicted frame and sample", () => {
    const spool = open(spoolPath(), { maxBytes: 5000 });
    for (let n = 0; n < 8; n++) spool.append(frame(n, 1000, n + 1), 1000 + n);
    // 8 frames of 1000 bytes into 5000: frames 0..2 (1+2+3 samples) are evicted.
    expect(spool.readAfter(0, 100).map((f) => f.bytes[0])).toEqual([3, 4, 5, 6, 7]);
    expect(spool.stats()).toMatchObject({ frames: 5, bytes: 5000, evictedFrames: 3, evictedSamples: 6 });
    expect(spool.pendingLoss()).toEqual({ frames: 3, samples: 6, since: 1005 });
    spool.close();
  });

  it("clears the pending loss in the transaction of the frame that reports it", () => {
    const path = spoolPath();
    const spool = open(path, { maxBytes: 3000 });
    for (let n = 0; n < 4; n++) spool.append(frame(n), 1000);
    const loss = spool.pendingLoss();
    expect(loss).toEqual({ frames: 1, samples: 10, since: 1000 });
    spool.remove(spool.readAfter(0, 100).map((f) => f.id));
    spool.append({ ...frame(9), reportsLoss: loss }, 2000);
    expect(spool.pendingLoss()).toBeUndefined();
    spool.close();
    expect(open(path).pendingLoss()).toBeUndefined();
  });

  it("puts the loss a frame carried back into the pending loss when that frame is evicted", () => {
    const spool = open(spoolPath(), { maxBytes: 2000 });
    spool.append(frame(0), 1000);
    spool.append(frame(1), 1000);
    spool.append(frame(2), 1100); // evicts frame 0
    const loss = spool.pendingLoss();
    spool.append({ ...frame(3), reportsLoss: loss }, 1200); // evicts frame 1; carries frame 0's loss
    expect(spool.pendingLoss()).toEqual({ frames: 1, samples: 10, since: 1200 });
    spool.append(frame(4), 1300); // evicts frame 2
    spool.append(frame(5), 1400); // evicts frame 3, and with it the report of frame 0
    // `since` is when frame 0 was evicted: the first eviction not reported since.
    expect(spool.pendingLoss()).toEqual({ frames: 4, samples: 40, since: 1100 });
    expect(spool.stats()).toMatchObject({ evictedFrames: 4, evictedSamples: 40 });
    spool.close();
  });

  it("never evicts a frame that is being published", () => {
    const spool = open(spoolPath(), { maxBytes: 2000 });
    spool.append(frame(0), 1000);
    spool.append(frame(1), 1000);
    const [first] = spool.readAfter(0, 1);
    if (first === undefined) throw new Error("spool is empty");
    spool.claim(first.id);
    spool.append(frame(2), 1000);
    expect(spool.readAfter(0, 10).map((f) => f.bytes[0])).toEqual([0, 2]);
    spool.release(first.id);
    spool.close();
  });

  it("evicts frames past the age limit and counts them", () => {
    const spool = open(spoolPath(), { maxAgeMs: 1000 });
    spool.append(frame(0, 100, 4), 1000);
    spool.append(frame(1, 100, 5), 1500);
    expect(spool.evictExpired(2200)).toBe(1);
    expect(spool.stats()).toMatchObject({ frames: 1, evictedFrames: 1, evictedSamples: 4 });
    spool.close();
  });

  it("keeps every append that returned when the process is killed with SIGKILL", async () => {
    const path = spoolPath();
    const script = `
      import { openSqliteSpool } from ${JSON.stringify(new URL("./sqlite-spool.ts", import.meta.url).pathname)};
      const spool = openSqliteSpool({ path: ${JSON.stringify(path)}, maxBytes: 1e8, maxAgeMs: 1e9 });
      for (let n = 1; ; n++) {
        spool.append({ topic: "t", bytes: Buffer.alloc(500, n % 256), samples: 1 }, n);
        process.stdout.write(n + "\\n");
      }`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let confirmed = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        const last = chunk.toString().trim().split("\n").at(-1);
        confirmed = Math.max(confirmed, Number(last));
        if (confirmed >= 300 && child.exitCode === null && !child.killed) child.kill("SIGKILL");
      });
      child.on("exit", () => resolve());
    });
    const spool = open(path, { maxBytes: 1e8 });
    const frames = spool.readAfter(0, 1e6);
    expect(frames.length).toBeGreaterThanOrEqual(confirmed);
    expect(frames.map((f) => f.createdAt)).toEqual(frames.map((_, i) => i + 1));
    spool.close();
  });
});
