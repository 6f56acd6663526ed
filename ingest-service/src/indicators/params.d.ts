import { z } from "zod";
export declare const IndicatorParamsSchema: z.ZodObject<{
    presence: z.ZodPrefault<z.ZodObject<{
        staleAfterHeartbeats: z.ZodDefault<z.ZodNumber>;
        offlineAfterHeartbeats: z.ZodDefault<z.ZodNumber>;
        defaultHeartbeatMs: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    onCloud: z.ZodPrefault<z.ZodObject<{
        minOnlineShare: z.ZodDefault<z.ZodNumber>;
        minCompleteness: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    cnc: z.ZodPrefault<z.ZodObject<{
        discreteControllerClasses: z.ZodDefault<z.ZodArray<z.ZodString>>;
        processControllerClasses: z.ZodDefault<z.ZodArray<z.ZodString>>;
    }, z.core.$strict>>;
    replay: z.ZodPrefault<z.ZodObject<{
        redeliveryWindowMs: z.ZodDefault<z.ZodInt>;
        maxClockSkewMs: z.ZodDefault<z.ZodInt>;
        backwardsToleranceMs: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    plausibility: z.ZodPrefault<z.ZodObject<{
        dropToZeroIsReset: z.ZodDefault<z.ZodBoolean>;
        resetGapHeartbeats: z.ZodDefault<z.ZodNumber>;
        mustVaryWhileRunningRoles: z.ZodDefault<z.ZodArray<z.ZodString>>;
        constantMinRunningMs: z.ZodDefault<z.ZodInt>;
        partCountStallRunningMs: z.ZodDefault<z.ZodInt>;
        constantMinSamples: z.ZodDefault<z.ZodInt>;
        spacingMinIntervals: z.ZodDefault<z.ZodInt>;
        spacingMinCv: z.ZodDefault<z.ZodNumber>;
        periodicRoles: z.ZodDefault<z.ZodArray<z.ZodString>>;
        periodicMinSamples: z.ZodDefault<z.ZodInt>;
        periodicMinCycles: z.ZodDefault<z.ZodInt>;
        periodicMaxSamples: z.ZodDefault<z.ZodInt>;
        periodicTolerance: z.ZodDefault<z.ZodNumber>;
        periodicSmoothnessRatio: z.ZodDefault<z.ZodNumber>;
        spindleStoppedStates: z.ZodDefault<z.ZodArray<z.ZodString>>;
        spindleTurningAbove: z.ZodDefault<z.ZodNumber>;
        spindleStopGraceMs: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    liveness: z.ZodPrefault<z.ZodObject<{
        maxRoundTripMs: z.ZodDefault<z.ZodInt>;
        freshnessSkewMs: z.ZodDefault<z.ZodInt>;
        maxDeviceClockSkewMs: z.ZodDefault<z.ZodInt>;
        consistencyWindowHeartbeats: z.ZodDefault<z.ZodNumber>;
        consistencyTolerance: z.ZodDefault<z.ZodNumber>;
        uncertainSlackFactor: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    identity: z.ZodPrefault<z.ZodObject<{
        maxChanges: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    evidence: z.ZodPrefault<z.ZodObject<{
        blockingChecks: z.ZodDefault<z.ZodArray<z.ZodEnum<{
            identity: "identity";
            liveness: "liveness";
            mapping: "mapping";
            plausibility: "plausibility";
            replay: "replay";
            uniqueness: "uniqueness";
        }>>>;
        maxExamples: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    copiedStream: z.ZodPrefault<z.ZodObject<{
        roles: z.ZodDefault<z.ZodArray<z.ZodString>>;
        windowChanges: z.ZodDefault<z.ZodInt>;
        winnowWindow: z.ZodDefault<z.ZodInt>;
        minDistinctWindowShare: z.ZodDefault<z.ZodNumber>;
        minVotes: z.ZodDefault<z.ZodInt>;
        shiftBucketMs: z.ZodDefault<z.ZodInt>;
        maxPostings: z.ZodDefault<z.ZodInt>;
        alignToleranceMs: z.ZodDefault<z.ZodInt>;
        minMatchedChanges: z.ZodDefault<z.ZodInt>;
        minCoverage: z.ZodDefault<z.ZodNumber>;
        maxRelativeResidual: z.ZodDefault<z.ZodNumber>;
        maxChangesPerStream: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    relations: z.ZodPrefault<z.ZodObject<{
        idlePowerKw: z.ZodDefault<z.ZodNumber>;
        idlePowerShareOfRange: z.ZodDefault<z.ZodNumber>;
        runningStates: z.ZodDefault<z.ZodArray<z.ZodString>>;
        spindleTurningAbove: z.ZodDefault<z.ZodNumber>;
        minOverlapMs: z.ZodDefault<z.ZodInt>;
        graceMs: z.ZodDefault<z.ZodInt>;
        maxIdleShare: z.ZodDefault<z.ZodNumber>;
        minEnergyPerRunningHourKwh: z.ZodDefault<z.ZodNumber>;
        lineRunningStates: z.ZodDefault<z.ZodArray<z.ZodString>>;
    }, z.core.$strict>>;
    targets: z.ZodPrefault<z.ZodObject<{
        minCncRate: z.ZodDefault<z.ZodNumber>;
        minAboveScaleNetworkingRate: z.ZodDefault<z.ZodNumber>;
        minSmeDigitalLevel: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type IndicatorParams = z.infer<typeof IndicatorParamsSchema>;
export type IndicatorParamsInput = z.input<typeof IndicatorParamsSchema>;
export type PresenceParams = IndicatorParams["presence"];
export type OnCloudParams = IndicatorParams["onCloud"];
export type ReplayParams = IndicatorParams["replay"];
export type PlausibilityParams = IndicatorParams["plausibility"];
export type LivenessParams = IndicatorParams["liveness"];
export type IdentityParams = IndicatorParams["identity"];
export type TargetParams = IndicatorParams["targets"];
export type EvidenceParams = IndicatorParams["evidence"];
export type CopiedStreamParams = IndicatorParams["copiedStream"];
export type RelationParams = IndicatorParams["relations"];
/** Fills every threshold not given with its default; throws on a malformed override. */
export declare function resolveParams(overrides?: IndicatorParamsInput): IndicatorParams;
export declare const DEFAULT_PARAMS: IndicatorParams;
