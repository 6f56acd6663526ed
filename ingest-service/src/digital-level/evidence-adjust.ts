import { EVIDENCE_LEVELS, type EvidenceLevel } from "../indicators/index.js";
import {
  candidatesFor,
  type ItemJudgementFacts,
  type JudgedRateFacts,
  type NotYetJudged,
  optionsJudgement,
  rateJudgement,
} from "./item-judgement.js";
import type { Binding, QuestionnaireItem } from "./questionnaire.js";

/** What the adjustment reads of the enterprise report (enterprise-report.ts), nothing more. */
export interface EvidenceFacts extends ItemJudgementFacts {
  readonly rates: {
    readonly digitalisation: { readonly verified: RateFacts };
    readonly networking: { readonly verified: RateFacts };
  };
  readonly devices: readonly (ItemJudgementFacts["devices"][number] & {
    readonly evidence: { readonly level: EvidenceLevel };
    readonly cnc: { readonly controllerStateSignals: readonly string[] };
  })[];
}

interface RateFacts extends JudgedRateFacts {
  readonly denominator: number;
  readonly numeratorDevices: readonly string[];
}

export interface Adjusted {
  /** Option ids the evidence supports, in questionnaire order (none: the item stays unanswered). */
  readonly options: readonly string[];
  /** Device ids behind the adjusted answer. */
  readonly devices: readonly string[];
  /** Plain-language explanation of what the evidence showed (shown when the answer changed). */
  readonly shown: { readonly zh: string; readonly en: string };
  /**
   * Set when the evidence behind a lower answer has not had the time to say anything yet
   * (item-judgement.ts); null when it is judged, or when nothing was lost.
   */
  readonly notYetJudged: NotYetJudged | null;
}

const rank = (level: EvidenceLevel) => EVIDENCE_LEVELS.indexOf(level);

/**
 * A bound item's answer as the evidence supports it (INDICATORS §7, bindings file):
 * - rate-band: the band holding (devices counted by the verified rate at `minEvidence` or above) ÷
 *   (the rate's denominator); no production equipment at all supports only the lowest band.
 * - options: each bound option stands only if a device at `minEvidence` or above shows what the
 *   binding requires; unbound options keep the declared choice. Nothing left means "None".
 */
export function adjustBoundItem(
  item: QuestionnaireItem,
  binding: Binding,
  declared: readonly string[] | undefined,
  facts: EvidenceFacts,
): Adjusted {
  const levelOf = new Map(facts.devices.map((d) => [d.device, d.evidence.level]));
  const atLeast = (device: string) => rank(levelOf.get(device) ?? "declared") >= rank(binding.minEvidence);
  if (binding.rule === "rate-band") {
    const rate =
      binding.indicator === "networking"
        ? facts.rates.networking.verified
        : facts.rates.digitalisation.verified;
    const counted = rate.numeratorDevices.filter(atLeast);
    const option = bandOption(item, counted.length, rate.denominator);
    const label =
      binding.indicator === "networking"
        ? { zh: "联网率", en: "networking rate" }
        : { zh: "数字化率", en: "digitalisation rate" };
    const shown =
      rate.denominator === 0
        ? {
            zh: `本期没有登记的生产设备，${label.zh}无法核验，只能认定最低档`,
            en: `no production equipment registered in the period: the ${label.en} cannot be verified, only the lowest band stands`,
          }
        : {
            zh: `核验${label.zh} ${counted.length}/${rate.denominator}（${percent(counted.length, rate.denominator)}，证据等级不低于 ${binding.minEvidence}），对应选项 ${option}`,
            en: `verified ${label.en} ${counted.length}/${rate.denominator} (${percent(counted.length, rate.denominator)}, evidence ${binding.minEvidence} or above) is option ${option}`,
          };
    return { options: [option], devices: counted, shown, notYetJudged: rateJudgement(rate) };
  }

  const supporters = (requires: NonNullable<Binding["options"]>[number]["requires"]) =>
    candidatesFor(requires, facts)
      .filter((d) => atLeast(d.device))
      .filter((d) => requires !== "controller-state" || d.cnc.controllerStateSignals.length > 0)
      .map((d) => d.device);
  const bound = binding.options ?? [];
  const boundIds = new Set(bound.map((b) => b.option));
  const exclusive = new Set(item.options.filter((o) => o.exclusive === true).map((o) => o.id));
  const kept = (declared ?? []).filter((o) => !boundIds.has(o) && !exclusive.has(o));
  const supported = bound.map((b) => ({ ...b, devices: supporters(b.requires) }));
  const chosen = new Set([...kept, ...supported.filter((s) => s.devices.length > 0).map((s) => s.option)]);
  const none = item.options.find((o) => o.exclusive === true)?.id;
  // Nothing stands: "None" if the item was answered; an unanswered item stays unanswered.
  const options =
    chosen.size === 0
      ? declared === undefined || none === undefined
        ? []
        : [none]
      : item.options.map((o) => o.id).filter((id) => chosen.has(id));
  const devices = [...new Set(supported.flatMap((s) => s.devices))].sort();
  const lines = supported.map((s) => ({
    zh: `${s.option}（${s.what.zh}）${s.devices.length > 0 ? `有证据：${s.devices.join("、")}` : "无证据"}`,
    en: `${s.option} (${s.what.en}) ${s.devices.length > 0 ? `backed by ${s.devices.join(", ")}` : "has no evidence"}`,
  }));
  // Lost: declared bound options the evidence does not back (yet).
  const lost = supported.filter((s) => s.devices.length === 0 && (declared ?? []).includes(s.option));
  return {
    options,
    devices,
    shown: { zh: lines.map((l) => l.zh).join("；"), en: lines.map((l) => l.en).join("; ") },
    notYetJudged: optionsJudgement(lost, facts),
  };
}

/** The option whose band (above, atMost] holds n ÷ d, compared in integers of percent (d = 0: lowest). */
function bandOption(item: QuestionnaireItem, n: number, d: number): string {
  const options = item.options.filter((o) => o.rate !== undefined);
  const lowest = options.find((o) => o.rate?.above === null) ?? options[0];
  if (lowest === undefined) throw new Error(`item ${item.id} has no rate bands`);
  if (d === 0) return lowest.id;
  for (const o of options) {
    const atMostPercent = Math.round((o.rate?.atMost ?? 1) * 100);
    if (n * 100 <= atMostPercent * d) return o.id;
  }
  throw new Error(`a rate of ${n}/${d} is above every band of ${item.id}`);
}

function percent(n: number, d: number): string {
  return `${Math.round((n / d) * 100)} %`;
}
