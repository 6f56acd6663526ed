import { describe, expect, it } from "vitest";
import { formatIssuePath } from "../frame/issue-path.js";
import { TOPIC_KIND_NAMES } from "../topics.js";
import { BodySchema } from "./body.js";
import { EXAMPLE_BODIES } from "./examples.js";

const REMOVE = Symbol("remove");
type Edit = [path: (string | number)[], value: unknown];

/** A deep copy of the example body of `kind` with the value at `path` replaced (or removed). */
function edited(kind: keyof typeof EXAMPLE_BODIES, ...edits: Edit[]): unknown {
  const body: unknown = structuredClone(EXAMPLE_BODIES[kind]);
  for (const [path, value] of edits) {
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], body);
    const record = parent as Record<string | number, unknown>;
    const last = path.at(-1) ?? "";
    if (value === REMOVE) delete record[last];
    else record[last] = value;
  }
  return body;
}

function issuePaths(input: unknown): string[] {
  const result = BodySchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => formatIssuePath(issue.path));
}

describe("BodySchema", () => {
  it.each(TOPIC_KIND_NAMES)("accepts the example %s body unchanged", (kind) => {
    expect(BodySchema.parse(EXAMPLE_BODIES[kind])).toEqual(EXAMPLE_BODIES[kind]);
  });

  it.each<[string, keyof typeof EXAMPLE_BODIES, Edit, string?]>([
    ["another contract version", "data", [["v"], 2]],
    ["an unknown kind", "data", [["kind"], "telemetry"]],
    ["an uppercase gateway id", "data", [["gw"], "GW"]],
    ["a short session id", "data", [["sess"], "abc"]],
    ["a negative seq", "data", [["seq"], -1]],
    ["a fractional seq", "data", [["seq"], 1.5]],
    ["a sending time in ISO text", "data", [["ts"], "2026-01-01T00:00:00Z"]],
    ["an unknown top-level field", "data", [["extra"], true], ""],
    ["a missing source timestamp", "data", [["devices", 1, "samples", 0, "t"], REMOVE]],
    ["a fractional source timestamp", "data", [["devices", 0, "samples", 1, "t"], 1.5]],
    ["an unknown quality", "data", [["devices", 0, "samples", 0, "q"], "ok"]],
    ["an object value", "data", [["devices", 0, "samples", 0, "v"], { x: 1 }]],
    ["a value string over 1024 chars", "data", [["devices", 0, "samples", 0, "v"], "x".repeat(1025)]],
    ["a device with no samples", "data", [["devices", 0, "samples"], []]],
    ["a negative loss count", "data", [["loss", "frames"], -3]],
    ["a malformed profile reference", "birth", [["devices", 0, "profile"], "ctx-450"]],
    ["an unknown identity source", "birth", [["devices", 0, "identity", "source"], "guess"]],
    ["a non-string identity field", "birth", [["devices", 0, "identity", "fields", "serialNumber"], 12345]],
    ["a duplicate device id", "birth", [["devices", 1, "id"], "lathe-3"]],
    ["a will numbered after the birth", "birth", [["willSeq"], 1]],
    ["an unknown death reason", "death", [["reason"], "crash"]],
    ["an unknown device state", "status", [["events", 0, "state"], "offline"]],
    ["a cause code not in UPPER_SNAKE_CASE", "status", [["events", 0, "cause", "code"], "timeout"]],
    ["an unknown cmd op", "cmd", [["op"], "reboot"]],
    ["a nonce under 16 chars", "cmd", [["nonce"], "short"]],
    ["a zero deadline", "cmd", [["deadlineMs"], 0]],
    ["a failed reply without an error", "reply", [["ok"], false], "error"],
    ["a successful reply with an error", "reply", [["error"], { code: "X", message: "x" }]],
  ])("rejects a body with %s, pointing at its path", (_what, kind, edit, path) => {
    expect(issuePaths(edited(kind, edit))).toContain(path ?? formatIssuePath(edit[0]));
  });

  it("rejects a data frame over 50,000 samples in total, at devices", () => {
    const samples = Array.from({ length: 25_001 }, () => ({ s: "x", v: 1, q: "good", t: 0 }));
    const body = edited("data", [
      ["devices"],
      [
        { dev: "a", samples },
        { dev: "b", samples },
      ],
    ]);
    expect(issuePaths(body)).toEqual(["devices"]);
  });

  it("accepts a data frame that reports only loss, with no devices", () => {
    const body = edited("data", [["devices"], []]);
    expect(BodySchema.safeParse(body).success).toBe(true);
  });

  it("rejects a birth with more than 10,000 devices", () => {
    const device = {
      id: "d",
      profile: "v/m@1",
      class: "plc",
      mapping: `sha256:${"0".repeat(64)}`,
      identity: null,
    };
    const devices = Array.from({ length: 10_001 }, (_, i) => ({ ...device, id: `d${i}` }));
    const body = edited("birth", [["devices"], devices]);
    expect(issuePaths(body)).toContain("devices");
  });

  it("accepts timestamps up to the largest instant a Date can hold, and no later", () => {
    expect(BodySchema.safeParse(edited("death", [["ts"], 8.64e15])).success).toBe(true);
    expect(issuePaths(edited("death", [["ts"], 8.64e15 + 1]))).toEqual(["ts"]);
  });
});
