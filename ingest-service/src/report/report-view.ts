import type { EnterpriseMeta } from "../evidence/enterprise-meta.js";
import type { EnterpriseReport, PeriodKind } from "../indicators/index.js";

/**
 * What the diagnosis report is drawn from: the enterprise report exactly as
 * `GET /enterprises/{ent}/indicators` serves it (one source of numbers), the enterprise's
 * declarations (`GET /enterprises/{ent}/profile`) and when it was made.
 *
 * Two fields come from branches that land separately (../briefs shape15): `digitalLevel` (the SME
 * digital level, issue 15 point 2) and the worded `period` and per-rate `judged` (point 4). They
 * are optional here, so the report renders with or without them.
 */
export interface DiagnosisSource {
  readonly report: ReportWithExtensions;
  readonly profile: EnterpriseMeta & { readonly id: string; readonly name: string };
  /** Epoch ms the document was produced. */
  readonly generatedAt: number;
}

export type ReportWithExtensions = EnterpriseReport & {
  readonly digitalLevel?: DigitalLevel;
  readonly period: EnterpriseReport["period"] & Partial<PeriodWords>;
};

export interface Words {
  readonly zh: string;
  readonly en: string;
}

/** Shape15 (i15b): the period in words. `from`/`to` stay epoch ms in this report format. */
export interface PeriodWords {
  readonly label: Words;
  readonly kind: PeriodKind;
  /** The period asked, when it was longer than a report holds (the label then says both). */
  readonly asked?: { readonly from: number; readonly to: number; readonly label: Words };
}

/** Shape15 (i15b): a rate with too little observed working time is not judged. */
export interface Judgement {
  readonly judged?: boolean;
  readonly notJudgedReason?: Words & { readonly observedMs: number; readonly requiredMs: number };
}

export type DigitalLevelNumber = 0 | 1 | 2 | 3 | 4;

/** Shape15 (i15a): the SME digital level declared and evidence-adjusted, with its item table. */
export interface DigitalLevel {
  readonly questionnaire: {
    readonly id: string;
    readonly version: string;
    readonly source: string;
    readonly partial: boolean;
  };
  readonly answeredAt: string | null;
  readonly declared: { readonly score: number; readonly level: DigitalLevelNumber } | null;
  readonly evidenceAdjusted: { readonly score: number; readonly level: DigitalLevelNumber } | null;
  readonly items: readonly DigitalLevelItem[];
  readonly flags: readonly {
    readonly code: string;
    readonly zh: string;
    readonly en: string;
    readonly items: readonly string[];
  }[];
}

export interface DigitalLevelItem {
  readonly id: string;
  readonly dimension: Words;
  readonly title: Words;
  readonly declaredAnswer: string | null;
  readonly declaredScore: number | null;
  readonly binding: { readonly indicator: string; readonly minEvidence: string } | null;
  readonly adjustedAnswer: string | null;
  readonly adjustedScore: number | null;
  readonly reason: Words | null;
  readonly devices: readonly string[];
}

/** The judgement fields of a rate object, when the report carries them. */
export function judgementOf(rate: object): Judgement {
  return rate as Judgement;
}

/**
 * The period's bounds in epoch ms. This report format serves numbers; shape15 writes them as
 * strings (ISO time), so either is read, whichever lands first.
 */
export function periodMs(period: { readonly from: number | string; readonly to: number | string }): {
  from: number;
  to: number;
} {
  const ms = (v: number | string) => (typeof v === "number" ? v : Date.parse(v));
  return { from: ms(period.from), to: ms(period.to) };
}
