import { z } from "zod";
/**
 * The SME digital level questionnaire (INDICATORS §7) and its evidence bindings are data files
 * under ingest-service/data/sme-digital-level/, kept as the device profiles are: versioned, with
 * their source named, never as code. This module only parses and checks them.
 */
export declare const QUESTIONNAIRE_DIR: string;
export declare const QuestionnaireSchema: z.ZodObject<{
    schemaVersion: z.ZodLiteral<1>;
    id: z.ZodString;
    version: z.ZodString;
    title: z.ZodObject<{
        zh: z.ZodString;
        en: z.ZodString;
    }, z.core.$strict>;
    source: z.ZodObject<{
        document: z.ZodString;
        issuer: z.ZodString;
        notice: z.ZodString;
        date: z.ZodString;
        url: z.ZodString;
        transcribedFrom: z.ZodString;
        translation: z.ZodString;
    }, z.core.$strict>;
    partial: z.ZodBoolean;
    missing: z.ZodArray<z.ZodObject<{
        what: z.ZodString;
        why: z.ZodString;
    }, z.core.$strict>>;
    levels: z.ZodArray<z.ZodObject<{
        level: z.ZodNumber;
        min: z.ZodNumber;
        max: z.ZodNumber;
        zh: z.ZodString;
        en: z.ZodString;
    }, z.core.$strict>>;
    dimensions: z.ZodArray<z.ZodObject<{
        id: z.ZodString;
        zh: z.ZodString;
        en: z.ZodString;
        points: z.ZodNumber;
    }, z.core.$strict>>;
    items: z.ZodArray<z.ZodObject<{
        id: z.ZodString;
        sourceId: z.ZodString;
        dimension: z.ZodString;
        group: z.ZodObject<{
            zh: z.ZodString;
            en: z.ZodString;
        }, z.core.$strict>;
        title: z.ZodObject<{
            zh: z.ZodString;
            en: z.ZodString;
        }, z.core.$strict>;
        description: z.ZodOptional<z.ZodObject<{
            zh: z.ZodString;
            en: z.ZodString;
        }, z.core.$strict>>;
        kind: z.ZodEnum<{
            multiple: "multiple";
            single: "single";
        }>;
        points: z.ZodNumber;
        options: z.ZodArray<z.ZodObject<{
            id: z.ZodString;
            zh: z.ZodString;
            en: z.ZodString;
            score: z.ZodNumber;
            exclusive: z.ZodOptional<z.ZodLiteral<true>>;
            rate: z.ZodOptional<z.ZodObject<{
                above: z.ZodNullable<z.ZodNumber>;
                atMost: z.ZodNumber;
            }, z.core.$strict>>;
        }, z.core.$strict>>;
    }, z.core.$strict>>;
    scenes: z.ZodArray<z.ZodObject<{
        group: z.ZodObject<{
            zh: z.ZodString;
            en: z.ZodString;
        }, z.core.$strict>;
        scenes: z.ZodArray<z.ZodObject<{
            id: z.ZodString;
            zh: z.ZodString;
            en: z.ZodString;
            levels: z.ZodArray<z.ZodString>;
        }, z.core.$strict>>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type Questionnaire = z.infer<typeof QuestionnaireSchema>;
export type QuestionnaireItem = Questionnaire["items"][number];
export declare const BindingsSchema: z.ZodObject<{
    schemaVersion: z.ZodLiteral<1>;
    questionnaire: z.ZodString;
    version: z.ZodString;
    purpose: z.ZodString;
    bindings: z.ZodArray<z.ZodObject<{
        item: z.ZodString;
        indicator: z.ZodEnum<{
            "data-collection": "data-collection";
            digitalisation: "digitalisation";
            networking: "networking";
        }>;
        minEvidence: z.ZodEnum<{
            connected: "connected";
            consistent: "consistent";
            declared: "declared";
            "live-verified": "live-verified";
        }>;
        rule: z.ZodEnum<{
            options: "options";
            "rate-band": "rate-band";
        }>;
        why: z.ZodString;
        options: z.ZodOptional<z.ZodArray<z.ZodObject<{
            option: z.ZodString;
            requires: z.ZodEnum<{
                "controller-state": "controller-state";
                "energy-meter": "energy-meter";
                "production-device": "production-device";
            }>;
            what: z.ZodObject<{
                zh: z.ZodString;
                en: z.ZodString;
            }, z.core.$strict>;
        }, z.core.$strict>>>;
    }, z.core.$strict>>;
    notBound: z.ZodArray<z.ZodObject<{
        about: z.ZodString;
        why: z.ZodString;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type Bindings = z.infer<typeof BindingsSchema>;
export type Binding = Bindings["bindings"][number];
/** Tolerance for sums of decimal scores (0.7 × 13 + 0.9 is not exactly 10 in binary). */
export declare const SCORE_EPSILON = 1e-9;
/**
 * Cross-field rules zod cannot state: unique ids, each item's options reaching exactly its points,
 * dimension points adding up to the items', the points totalling 100, bands contiguous, and every
 * binding naming an item (and options) that exist, with the rule the item's kind allows.
 */
export declare function checkQuestionnaire(q: Questionnaire, b: Bindings): string[];
export interface LoadedQuestionnaire {
    readonly questionnaire: Questionnaire;
    readonly bindings: Bindings;
}
/** Reads, parses and checks `<name>.json` and `<name>.bindings.json`; throws ONRAMP_QUESTIONNAIRE_INVALID. */
export declare function loadQuestionnaire(name?: string, dir?: string): Promise<LoadedQuestionnaire>;
