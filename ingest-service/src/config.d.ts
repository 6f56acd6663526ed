import { z } from "zod";
/**
 * Connections one instance opens to an external broker (`--broker-connections`). Each holds its
 * own persistent session in the shared-subscription group; 64 bounds the sessions (and the
 * broker-side queues) one instance can leave behind. The default is in broker/external.ts.
 */
export declare const MAX_BROKER_CONNECTIONS = 64;
export declare const IngestConfigSchema: z.ZodObject<{
    dataDir: z.ZodDefault<z.ZodString>;
    http: z.ZodPrefault<z.ZodObject<{
        host: z.ZodDefault<z.ZodString>;
        port: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    broker: z.ZodPrefault<z.ZodDiscriminatedUnion<[z.ZodObject<{
        mode: z.ZodLiteral<"embedded">;
        host: z.ZodDefault<z.ZodString>;
        port: z.ZodDefault<z.ZodInt>;
        tlsCertFile: z.ZodOptional<z.ZodString>;
        tlsKeyFile: z.ZodOptional<z.ZodString>;
        maxPacketBytes: z.ZodDefault<z.ZodInt>;
        maxConnectBytes: z.ZodDefault<z.ZodInt>;
        connectTimeoutMs: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>, z.ZodObject<{
        mode: z.ZodLiteral<"external">;
        url: z.ZodString;
        username: z.ZodOptional<z.ZodString>;
        password: z.ZodOptional<z.ZodString>;
        clientId: z.ZodDefault<z.ZodString>;
        group: z.ZodOptional<z.ZodString>;
        connections: z.ZodOptional<z.ZodInt>;
        caFile: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>], "mode">>;
    publicMqttUrl: z.ZodOptional<z.ZodString>;
    metricsToken: z.ZodOptional<z.ZodString>;
    postgresUrl: z.ZodOptional<z.ZodString>;
    telemetry: z.ZodPrefault<z.ZodDiscriminatedUnion<[z.ZodObject<{
        kind: z.ZodLiteral<"embedded">;
    }, z.core.$strict>, z.ZodObject<{
        kind: z.ZodLiteral<"influx-v1">;
        url: z.ZodURL;
        db: z.ZodDefault<z.ZodString>;
        username: z.ZodOptional<z.ZodString>;
        password: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>, z.ZodObject<{
        kind: z.ZodLiteral<"influx-v2">;
        url: z.ZodURL;
        token: z.ZodString;
        org: z.ZodString;
        bucket: z.ZodString;
        influxqlDb: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>], "kind">>;
    profilesDir: z.ZodOptional<z.ZodString>;
    cmdKeyFile: z.ZodOptional<z.ZodString>;
    maxSkewMs: z.ZodDefault<z.ZodInt>;
    commit: z.ZodPrefault<z.ZodObject<{
        maxQueuedPoints: z.ZodDefault<z.ZodInt>;
        maxBatchPoints: z.ZodDefault<z.ZodInt>;
        concurrency: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    limits: z.ZodPrefault<z.ZodObject<{
        enrollBurst: z.ZodDefault<z.ZodInt>;
        enrollPerMinute: z.ZodDefault<z.ZodNumber>;
        freeFailuresPerAddress: z.ZodDefault<z.ZodInt>;
        freeFailuresPerClient: z.ZodDefault<z.ZodInt>;
        backoffBaseMs: z.ZodDefault<z.ZodInt>;
        backoffMaxMs: z.ZodDefault<z.ZodInt>;
        concurrentPasswordChecks: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    rejectionsKept: z.ZodDefault<z.ZodInt>;
    indicators: z.ZodPrefault<z.ZodObject<{
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
    }, z.core.$strict>>;
    frameLog: z.ZodPrefault<z.ZodObject<{
        retentionDays: z.ZodDefault<z.ZodInt>;
        maxRawBytesPerDeviceHour: z.ZodDefault<z.ZodInt>;
        pruneEveryMs: z.ZodDefault<z.ZodInt>;
        batchRows: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    bureauWarmup: z.ZodPrefault<z.ZodObject<{
        enabled: z.ZodDefault<z.ZodBoolean>;
        everyMs: z.ZodDefault<z.ZodInt>;
        concurrency: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    copiedStreamScan: z.ZodPrefault<z.ZodObject<{
        enabled: z.ZodDefault<z.ZodBoolean>;
        everyMs: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    challenges: z.ZodPrefault<z.ZodObject<{
        everyMs: z.ZodOptional<z.ZodInt>;
        jitter: z.ZodDefault<z.ZodNumber>;
        concurrency: z.ZodDefault<z.ZodInt>;
        deadlineMs: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type IngestConfig = z.output<typeof IngestConfigSchema>;
export type IngestConfigInput = z.input<typeof IngestConfigSchema>;
export declare const cmdKeyPath: (config: IngestConfig) => string;
export declare const stateDir: (config: Pick<IngestConfig, "dataDir">) => string;
