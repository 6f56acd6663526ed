import { z } from "zod";
import type { EnterpriseReport } from "./enterprise-report.js";
import { type NotComputable } from "./not-computable.js";
import type { TargetParams } from "./params.js";
/** INDICATORS §6: the pilot's four sub-industries, and everything else. */
export declare const PILOT_INDUSTRIES: readonly ["auto-parts", "advanced-transport-equipment", "integrated-circuits-and-communication-equipment", "advanced-structural-and-composite-materials", "other"];
export type PilotIndustry = (typeof PILOT_INDUSTRIES)[number];
/** What the bureau groups an enterprise by, from the registry. */
export declare const EnterpriseProfileSchema: z.ZodObject<{
    id: z.ZodString;
    district: z.ZodString;
    developmentZone: z.ZodNullable<z.ZodString>;
    industry: z.ZodEnum<{
        "advanced-structural-and-composite-materials": "advanced-structural-and-composite-materials";
        "advanced-transport-equipment": "advanced-transport-equipment";
        "auto-parts": "auto-parts";
        "integrated-circuits-and-communication-equipment": "integrated-circuits-and-communication-equipment";
        other: "other";
    }>;
    aboveScale: z.ZodBoolean;
    smeDigitalLevel: z.ZodNullable<z.ZodNumber>;
}, z.core.$strict>;
export type EnterpriseProfile = z.infer<typeof EnterpriseProfileSchema>;
/** One enterprise's figures as the bureau view needs them. */
export interface BureauEntry {
    readonly profile: EnterpriseProfile;
    readonly cnc: {
        readonly declared: number | null;
        readonly verified: number | null;
    };
    readonly networking: {
        readonly declared: number | null;
        readonly verified: number | null;
    };
    readonly digitalisation: {
        readonly declared: number | null;
        readonly verified: number | null;
    };
}
export declare function bureauEntryOf(profile: EnterpriseProfile, report: EnterpriseReport): BureauEntry;
/** A mean of enterprise rates, with how many enterprises it is taken over. */
export interface MeanOfRates {
    readonly value: number | null;
    readonly reason: NotComputable | null;
    readonly enterprises: number;
}
/** Which enterprises meet a target, miss it, or have no value to judge. */
export interface TargetTally {
    readonly target: number;
    readonly met: readonly string[];
    readonly missed: readonly string[];
    readonly notComputable: readonly string[];
}
export interface GroupSummary {
    readonly key: string;
    readonly enterprises: readonly string[];
    readonly cnc: {
        readonly declared: MeanOfRates;
        readonly verified: MeanOfRates;
    };
    readonly networking: {
        readonly declared: MeanOfRates;
        readonly verified: MeanOfRates;
    };
    readonly digitalisation: {
        readonly declared: MeanOfRates;
        readonly verified: MeanOfRates;
    };
    readonly targets: {
        readonly cnc: {
            readonly declared: TargetTally;
            readonly verified: TargetTally;
        };
        /** Above-scale enterprises only. */
        readonly aboveScaleNetworking: {
            readonly declared: TargetTally;
            readonly verified: TargetTally;
        };
        readonly smeDigitalLevel: TargetTally;
    };
}
export interface BureauView {
    readonly targets: TargetParams;
    readonly overall: GroupSummary;
    readonly byDistrict: readonly GroupSummary[];
    /** Enterprises outside any development zone are in no zone group. */
    readonly byDevelopmentZone: readonly GroupSummary[];
    /** Always the five industry groups, empty ones included. */
    readonly byIndustry: readonly GroupSummary[];
    readonly bySize: readonly GroupSummary[];
}
/**
 * INDICATORS §6: the bureau view, by district, development zone, industry and size, against the
 * targets (CNC-ization ≥ 80 %, every above-scale enterprise's equipment networked, SME digital
 * level ≥ 2). Group rates are the mean of enterprise rates (§2.3: "national average of
 * enterprise rates"); tallies are reported for declared and verified figures side by side.
 */
export declare function aggregateForBureau(entries: readonly BureauEntry[], targets: TargetParams): BureauView;
