import { describe, expect, it } from "vitest";
import { parseSparkplugTopic, subscriptionsFor } from "./topic.js";

describe("Sparkplug B topics (§4.1)", () => {
  it("parses node and device messages and ignores everything else", () => {
    expect(parseSparkplugTopic("spBv1.0/G/NBIRTH/E")).toEqual({ group: "G", type: "NBIRTH", edge: "E" });
    expect(parseSparkplugTopic("spBv1.0/G/DDATA/E/D")).toEqual({
      group: "G",
      type: "DDATA",
      edge: "E",
      device: "D",
    });
    for (const topic of [
      "spBv1.0/STATE/onramp",
      "spBv1.0/G/NCMD/E",
      "spBv1.0/G/NDATA/E/D",
      "spBv1.0/G/DDATA/E",
      "spAv1.0/G/NDATA/E",
      "spBv1.0//NDATA/E",
    ])
      expect(parseSparkplugTopic(topic), topic).toBeUndefined();
  });

  it("subscribes to the six message types of the configured groups, or of every group", () => {
    expect(subscriptionsFor([])).toContain("spBv1.0/+/DDATA/#");
    expect(subscriptionsFor(["A", "B"])).toHaveLength(12);
  });
});
