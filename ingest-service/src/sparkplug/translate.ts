import type { Sample } from "@onramp/contract";
import type { DecodedMetric } from "./payload.js";
import type { SparkplugProfile } from "./profile-library.js";

/** Why a metric of a message was not stored; each is counted (`onramp_sparkplug_metrics_dropped_total`). */
export type MetricDrop = "unmapped" | "unknown-alias" | "unsupported-type" | "transient";

export interface Translation {
  samples: Sample[];
  historical: number;
  drops: Map<MetricDrop, number>;
}

/**
 * A device message's metrics → samples of the profile's signals. Names come from the metric or,
 * for aliased metrics (§6.4.4: data messages may carry only the alias), from the births' aliases.
 * Each sample keeps the metric's own timestamp, so historical metrics (`is_historical`, sent from
 * an edge node's store-and-forward buffer) are stored at the time they were measured.
 */
export function translateMetrics(
  metrics: readonly DecodedMetric[],
  profile: SparkplugProfile,
  nameOf: (alias: number) => string | undefined,
  fallbackTime: number,
): Translation {
  const out: Translation = { samples: [], historical: 0, drops: new Map() };
  const drop = (reason: MetricDrop) => out.drops.set(reason, (out.drops.get(reason) ?? 0) + 1);
  for (const m of metrics) {
    const name = m.name ?? (m.alias === undefined ? undefined : nameOf(m.alias));
    if (name === undefined) {
      drop("unknown-alias");
      continue;
    }
    if (m.isTransient) {
      drop("transient");
      continue;
    }
    const t = m.timestamp ?? fallbackTime;
    if (m.template !== undefined) {
      const members = m.template.ref === undefined ? undefined : profile.templates.get(m.template.ref);
      for (const member of m.template.metrics) {
        const signal = member.name === undefined ? undefined : members?.get(member.name);
        if (signal === undefined) drop("unmapped");
        else if (member.isUnsupported) drop("unsupported-type");
        else {
          push(out, profile, signal, member.value, member.timestamp ?? t);
          if (m.isHistorical || member.isHistorical) out.historical += 1;
        }
      }
      continue;
    }
    const signal = profile.metrics.get(name);
    if (signal === undefined) drop("unmapped");
    else if (m.isUnsupported) drop("unsupported-type");
    else {
      push(out, profile, signal, m.value, t);
      if (m.isHistorical) out.historical += 1;
    }
  }
  return out;
}

function push(out: Translation, profile: SparkplugProfile, signal: string, raw: Sample["v"], t: number) {
  const labels = profile.enums.get(signal);
  // An enum signal takes the code (the register's number) or the state's name as the gateway sends it.
  const v =
    labels !== undefined && raw !== null && String(raw) in labels ? (labels[String(raw)] as string) : raw;
  const value = typeof v === "string" && v.length > 1024 ? v.slice(0, 1024) : v;
  out.samples.push({
    s: signal,
    v: value,
    q: value === null ? "bad" : "good",
    t: Math.max(0, Math.trunc(t)),
  });
}
