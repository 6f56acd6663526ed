import { type DeviceSamples } from "@onramp/contract";
import { z } from "zod";
/**
 * What the indicators are computed from. The I/O layer fills these from the registry, the SQL
 * presence and ledger tables and the telemetry store; the evidence bundle embeds them so an
 * offline verifier can parse them with these schemas and recompute. All times are epoch ms on
 * the cloud clock unless a field says otherwise.
 */
/** Half-open [from, to). */
export declare const PeriodSchema: z.ZodObject<{
    from: z.ZodInt;
    to: z.ZodInt;
}, z.core.$strict>;
export type Period = z.infer<typeof PeriodSchema>;
/** One signal of a device as its effective profile declares it. */
export declare const SignalSpecSchema: z.ZodObject<{
    id: z.ZodString;
    role: z.ZodEnum<{
        alarm: "alarm";
        alarm_count: "alarm_count";
        axis_position: "axis_position";
        controller_mode: "controller_mode";
        counter: "counter";
        current: "current";
        cycle_time: "cycle_time";
        emergency_stop: "emergency_stop";
        energy_reactive_total: "energy_reactive_total";
        energy_total: "energy_total";
        execution: "execution";
        feed_override: "feed_override";
        feed_rate: "feed_rate";
        flow: "flow";
        frequency: "frequency";
        operating_hours: "operating_hours";
        other: "other";
        part_count: "part_count";
        power_active: "power_active";
        power_apparent: "power_apparent";
        power_factor: "power_factor";
        power_reactive: "power_reactive";
        power_state: "power_state";
        pressure: "pressure";
        program: "program";
        setpoint: "setpoint";
        spindle_load: "spindle_load";
        spindle_override: "spindle_override";
        spindle_speed: "spindle_speed";
        status_word: "status_word";
        temperature: "temperature";
        tool_number: "tool_number";
        voltage: "voltage";
    }>;
    heartbeatMs: z.ZodInt;
    range: z.ZodOptional<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
    deadband: z.ZodOptional<z.ZodDiscriminatedUnion<[z.ZodObject<{
        kind: z.ZodLiteral<"absolute">;
        value: z.ZodNumber;
    }, z.core.$strict>, z.ZodObject<{
        kind: z.ZodLiteral<"percentOfRange">;
        value: z.ZodNumber;
    }, z.core.$strict>], "kind">>;
    unit: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export type SignalSpec = z.infer<typeof SignalSpecSchema>;
/** A registry entry with the enterprise's declarations (INDICATORS §1). */
export declare const DeviceRecordSchema: z.ZodObject<{
    id: z.ZodString;
    enterprise: z.ZodString;
    class: z.ZodString;
    keyProcess: z.ZodBoolean;
    declaredNetworked: z.ZodBoolean;
    declaredDigital: z.ZodBoolean;
    declaredCnc: z.ZodBoolean;
    fingerprint: z.ZodOptional<z.ZodString>;
    identitySource: z.ZodOptional<z.ZodString>;
    certificateSha256: z.ZodOptional<z.ZodString>;
    registeredAt: z.ZodInt;
    retiredAt: z.ZodOptional<z.ZodInt>;
    signals: z.ZodArray<z.ZodObject<{
        id: z.ZodString;
        role: z.ZodEnum<{
            alarm: "alarm";
            alarm_count: "alarm_count";
            axis_position: "axis_position";
            controller_mode: "controller_mode";
            counter: "counter";
            current: "current";
            cycle_time: "cycle_time";
            emergency_stop: "emergency_stop";
            energy_reactive_total: "energy_reactive_total";
            energy_total: "energy_total";
            execution: "execution";
            feed_override: "feed_override";
            feed_rate: "feed_rate";
            flow: "flow";
            frequency: "frequency";
            operating_hours: "operating_hours";
            other: "other";
            part_count: "part_count";
            power_active: "power_active";
            power_apparent: "power_apparent";
            power_factor: "power_factor";
            power_reactive: "power_reactive";
            power_state: "power_state";
            pressure: "pressure";
            program: "program";
            setpoint: "setpoint";
            spindle_load: "spindle_load";
            spindle_override: "spindle_override";
            spindle_speed: "spindle_speed";
            status_word: "status_word";
            temperature: "temperature";
            tool_number: "tool_number";
            voltage: "voltage";
        }>;
        heartbeatMs: z.ZodInt;
        range: z.ZodOptional<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
        deadband: z.ZodOptional<z.ZodDiscriminatedUnion<[z.ZodObject<{
            kind: z.ZodLiteral<"absolute">;
            value: z.ZodNumber;
        }, z.core.$strict>, z.ZodObject<{
            kind: z.ZodLiteral<"percentOfRange">;
            value: z.ZodNumber;
        }, z.core.$strict>], "kind">>;
        unit: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type DeviceRecord = z.infer<typeof DeviceRecordSchema>;
export declare const PresenceEventKindSchema: z.ZodEnum<{
    death: "death";
    frame: "frame";
    "gateway-offline": "gateway-offline";
    "gateway-online": "gateway-online";
    "status-connected": "status-connected";
    "status-disconnected": "status-disconnected";
    "status-error": "status-error";
}>;
export type PresenceEventKind = z.infer<typeof PresenceEventKindSchema>;
/**
 * One presence-relevant event for one device: a valid data frame carrying its samples, a device
 * status event, the death of the gateway serving it (graceful or last will; `at` is the broker's
 * delivery time), or a change of that gateway's connection. Gateway events are fanned out to the
 * devices of the gateway's birth by the I/O layer.
 */
export declare const PresenceEventSchema: z.ZodObject<{
    device: z.ZodString;
    at: z.ZodInt;
    kind: z.ZodEnum<{
        death: "death";
        frame: "frame";
        "gateway-offline": "gateway-offline";
        "gateway-online": "gateway-online";
        "status-connected": "status-connected";
        "status-disconnected": "status-disconnected";
        "status-error": "status-error";
    }>;
    gateway: z.ZodOptional<z.ZodString>;
    cause: z.ZodOptional<z.ZodObject<{
        code: z.ZodString;
        message: z.ZodString;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type PresenceEvent = z.infer<typeof PresenceEventSchema>;
/** One row of the hourly per-device ledger. */
export declare const HourlyLedgerRowSchema: z.ZodObject<{
    device: z.ZodString;
    hourStart: z.ZodInt;
    frames: z.ZodInt;
    samples: z.ZodInt;
    samplesBySignal: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodInt>>;
    gaps: z.ZodInt;
    duplicates: z.ZodInt;
    rejections: z.ZodInt;
}, z.core.$strict>;
export type HourlyLedgerRow = z.infer<typeof HourlyLedgerRowSchema>;
export declare const SeriesPointSchema: z.ZodObject<{
    v: z.ZodUnion<readonly [z.ZodNumber, z.ZodBoolean, z.ZodString, z.ZodNull]>;
    q: z.ZodEnum<{
        bad: "bad";
        good: "good";
        uncertain: "uncertain";
    }>;
    t: z.ZodInt;
}, z.core.$strict>;
export type SeriesPoint = z.infer<typeof SeriesPointSchema>;
/** One signal's stored samples in the period, as the telemetry store returns them. */
export declare const SignalSeriesSchema: z.ZodObject<{
    device: z.ZodString;
    signal: z.ZodString;
    role: z.ZodEnum<{
        alarm: "alarm";
        alarm_count: "alarm_count";
        axis_position: "axis_position";
        controller_mode: "controller_mode";
        counter: "counter";
        current: "current";
        cycle_time: "cycle_time";
        emergency_stop: "emergency_stop";
        energy_reactive_total: "energy_reactive_total";
        energy_total: "energy_total";
        execution: "execution";
        feed_override: "feed_override";
        feed_rate: "feed_rate";
        flow: "flow";
        frequency: "frequency";
        operating_hours: "operating_hours";
        other: "other";
        part_count: "part_count";
        power_active: "power_active";
        power_apparent: "power_apparent";
        power_factor: "power_factor";
        power_reactive: "power_reactive";
        power_state: "power_state";
        pressure: "pressure";
        program: "program";
        setpoint: "setpoint";
        spindle_load: "spindle_load";
        spindle_override: "spindle_override";
        spindle_speed: "spindle_speed";
        status_word: "status_word";
        temperature: "temperature";
        tool_number: "tool_number";
        voltage: "voltage";
    }>;
    points: z.ZodArray<z.ZodObject<{
        v: z.ZodUnion<readonly [z.ZodNumber, z.ZodBoolean, z.ZodString, z.ZodNull]>;
        q: z.ZodEnum<{
            bad: "bad";
            good: "good";
            uncertain: "uncertain";
        }>;
        t: z.ZodInt;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type SignalSeries = z.infer<typeof SignalSeriesSchema>;
/**
 * One device's sample times in a data frame, per signal, each signal's times in the order the
 * frame carried them. This is all the frame log keeps of a data frame's samples: the values live
 * in the telemetry store (the `series` input), and the replay checks read only device, signal and
 * time. Storing full samples again cost PGlite 1,662 µs per 500-sample frame (jsonb, 29 KB);
 * these times as json cost 148 µs (7.7 KB).
 */
export declare const FrameDeviceTimesSchema: z.ZodObject<{
    dev: z.ZodString;
    times: z.ZodRecord<z.ZodString, z.ZodArray<z.ZodInt>>;
}, z.core.$strict>;
export type FrameDeviceTimes = z.infer<typeof FrameDeviceTimesSchema>;
/**
 * The sample times of a data frame's devices: one entry per device entry of the frame, signals in
 * the order of their first sample, each signal's times in sample order.
 */
export declare function sampleTimesOf(devices: readonly DeviceSamples[]): FrameDeviceTimes[];
/**
 * A sample that shows the device answering: good quality and a value (INDICATORS §4, last
 * sentence). Only such samples make a device online or complete; `uncertain` is a server's held
 * or substituted value (OPC 10000-8 §6.3.2), not the device answering.
 */
export declare function isSignOfLife(sample: {
    readonly q: string;
    readonly v: unknown;
}): boolean;
/**
 * A verified data frame as received, in receipt order: what the replay checks look at. `digest`
 * is any stable digest of the signed bytes (the JWS signature will do: Ed25519 is deterministic).
 */
export declare const ReceivedFrameSchema: z.ZodObject<{
    receivedAt: z.ZodInt;
    digest: z.ZodString;
    gw: z.ZodString;
    sess: z.ZodString;
    seq: z.ZodInt;
    ts: z.ZodInt;
    devices: z.ZodArray<z.ZodObject<{
        dev: z.ZodString;
        times: z.ZodRecord<z.ZodString, z.ZodArray<z.ZodInt>>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type ReceivedFrame = z.infer<typeof ReceivedFrameSchema>;
/** A recorded reset of a cumulative counter (by the operator or reported by the device). */
export declare const CounterResetSchema: z.ZodObject<{
    device: z.ZodString;
    signal: z.ZodString;
    at: z.ZodInt;
}, z.core.$strict>;
export type CounterReset = z.infer<typeof CounterResetSchema>;
/** The signed reply to a challenge, after signature verification by the I/O layer. */
export declare const ChallengeReplyObservationSchema: z.ZodObject<{
    receivedAt: z.ZodInt;
    signatureValid: z.ZodBoolean;
    ok: z.ZodBoolean;
    nonce: z.ZodString;
    samples: z.ZodArray<z.ZodObject<{
        s: z.ZodString;
        v: z.ZodUnion<readonly [z.ZodNumber, z.ZodBoolean, z.ZodString, z.ZodNull]>;
        q: z.ZodEnum<{
            bad: "bad";
            good: "good";
            uncertain: "uncertain";
        }>;
        t: z.ZodInt;
        src: z.ZodOptional<z.ZodInt>;
    }, z.core.$strict>>;
    deviceClock: z.ZodOptional<z.ZodInt>;
    error: z.ZodOptional<z.ZodObject<{
        code: z.ZodString;
        message: z.ZodString;
    }, z.core.$strict>>;
    deviceProof: z.ZodOptional<z.ZodDiscriminatedUnion<[z.ZodObject<{
        kind: z.ZodLiteral<"opcua-session-signature">;
        securityPolicyUri: z.ZodString;
        securityMode: z.ZodEnum<{
            Sign: "Sign";
            SignAndEncrypt: "SignAndEncrypt";
        }>;
        serverCertificate: z.ZodString;
        clientCertificate: z.ZodString;
        algorithm: z.ZodString;
        signature: z.ZodString;
    }, z.core.$strict>, z.ZodObject<{
        kind: z.ZodLiteral<"none">;
        reason: z.ZodObject<{
            code: z.ZodString;
            message: z.ZodString;
        }, z.core.$strict>;
    }, z.core.$strict>], "kind">>;
}, z.core.$strict>;
export type ChallengeReplyObservation = z.infer<typeof ChallengeReplyObservationSchema>;
/** A challenge sent to a device and what came back (null: nothing before the deadline). */
export declare const ChallengeResultSchema: z.ZodObject<{
    device: z.ZodString;
    id: z.ZodString;
    issuedAt: z.ZodInt;
    nonce: z.ZodString;
    deadlineMs: z.ZodInt;
    signals: z.ZodOptional<z.ZodArray<z.ZodString>>;
    reply: z.ZodNullable<z.ZodObject<{
        receivedAt: z.ZodInt;
        signatureValid: z.ZodBoolean;
        ok: z.ZodBoolean;
        nonce: z.ZodString;
        samples: z.ZodArray<z.ZodObject<{
            s: z.ZodString;
            v: z.ZodUnion<readonly [z.ZodNumber, z.ZodBoolean, z.ZodString, z.ZodNull]>;
            q: z.ZodEnum<{
                bad: "bad";
                good: "good";
                uncertain: "uncertain";
            }>;
            t: z.ZodInt;
            src: z.ZodOptional<z.ZodInt>;
        }, z.core.$strict>>;
        deviceClock: z.ZodOptional<z.ZodInt>;
        error: z.ZodOptional<z.ZodObject<{
            code: z.ZodString;
            message: z.ZodString;
        }, z.core.$strict>>;
        deviceProof: z.ZodOptional<z.ZodDiscriminatedUnion<[z.ZodObject<{
            kind: z.ZodLiteral<"opcua-session-signature">;
            securityPolicyUri: z.ZodString;
            securityMode: z.ZodEnum<{
                Sign: "Sign";
                SignAndEncrypt: "SignAndEncrypt";
            }>;
            serverCertificate: z.ZodString;
            clientCertificate: z.ZodString;
            algorithm: z.ZodString;
            signature: z.ZodString;
        }, z.core.$strict>, z.ZodObject<{
            kind: z.ZodLiteral<"none">;
            reason: z.ZodObject<{
                code: z.ZodString;
                message: z.ZodString;
            }, z.core.$strict>;
        }, z.core.$strict>], "kind">>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type ChallengeResult = z.infer<typeof ChallengeResultSchema>;
/** A change of a device's effective-mapping hash, seen in a birth. */
export declare const MappingChangeSchema: z.ZodObject<{
    device: z.ZodString;
    at: z.ZodInt;
    gateway: z.ZodString;
    previousHash: z.ZodNullable<z.ZodString>;
    hash: z.ZodString;
    previousClass: z.ZodNullable<z.ZodString>;
    class: z.ZodString;
    previousProfile: z.ZodNullable<z.ZodString>;
    profile: z.ZodString;
}, z.core.$strict>;
export type MappingChange = z.infer<typeof MappingChangeSchema>;
/**
 * A change of a device's identity fingerprint seen in a birth (issue 14: "identity changes
 * audited like mapping changes"). The device's first fingerprint has no previous one.
 */
export declare const IdentityChangeSchema: z.ZodObject<{
    device: z.ZodString;
    at: z.ZodInt;
    gateway: z.ZodString;
    previousFingerprint: z.ZodNullable<z.ZodString>;
    fingerprint: z.ZodString;
    previousSource: z.ZodNullable<z.ZodString>;
    source: z.ZodString;
}, z.core.$strict>;
export type IdentityChange = z.infer<typeof IdentityChangeSchema>;
/** A device's rating-plate serial as the gateway's enrollment confirmed it (identity method nameplate). */
export declare const NameplateConfirmationSchema: z.ZodObject<{
    device: z.ZodString;
    gateway: z.ZodString;
    serial: z.ZodString;
    fingerprint: z.ZodString;
    confirmedAt: z.ZodInt;
}, z.core.$strict>;
export type NameplateConfirmation = z.infer<typeof NameplateConfirmationSchema>;
export declare const CopiedStreamMatchSchema: z.ZodObject<{
    a: z.ZodObject<{
        enterprise: z.ZodString;
        device: z.ZodString;
        signal: z.ZodString;
    }, z.core.$strict>;
    b: z.ZodObject<{
        enterprise: z.ZodString;
        device: z.ZodString;
        signal: z.ZodString;
    }, z.core.$strict>;
    fit: z.ZodObject<{
        shiftMs: z.ZodNumber;
        scale: z.ZodNumber;
        offset: z.ZodNumber;
        matchedChanges: z.ZodInt;
        coverage: z.ZodNumber;
        relativeResidual: z.ZodNumber;
        overlapMs: z.ZodNumber;
    }, z.core.$strict>;
}, z.core.$strict>;
/** A registry entry elsewhere (this or another enterprise) with a fingerprint, for uniqueness. */
export declare const FingerprintClaimSchema: z.ZodObject<{
    device: z.ZodString;
    enterprise: z.ZodString;
    fingerprint: z.ZodString;
}, z.core.$strict>;
export type FingerprintClaim = z.infer<typeof FingerprintClaimSchema>;
/**
 * A relation between two devices of one enterprise, declared in the registry (issue 14):
 * `feeds` — meter `from` measures the supply of machine `to`; `runs` — PLC `from` runs line `to`.
 */
export declare const DeviceRelationKindSchema: z.ZodEnum<{
    feeds: "feeds";
    runs: "runs";
}>;
export type DeviceRelationKind = z.infer<typeof DeviceRelationKindSchema>;
export declare const DeviceRelationSchema: z.ZodObject<{
    kind: z.ZodEnum<{
        feeds: "feeds";
        runs: "runs";
    }>;
    from: z.ZodString;
    to: z.ZodString;
}, z.core.$strict>;
export type DeviceRelation = z.infer<typeof DeviceRelationSchema>;
/** Discrete manufacturing counts CNC machines; process industries count PLC/DCS control (§2.3). */
export declare const IndustryKindSchema: z.ZodEnum<{
    discrete: "discrete";
    process: "process";
}>;
export type IndustryKind = z.infer<typeof IndustryKindSchema>;
export declare const EnterpriseSchema: z.ZodObject<{
    id: z.ZodString;
    industryKind: z.ZodEnum<{
        discrete: "discrete";
        process: "process";
    }>;
    calendar: z.ZodObject<{
        utcOffsetMinutes: z.ZodInt;
        weekly: z.ZodArray<z.ZodObject<{
            days: z.ZodArray<z.ZodInt>;
            start: z.ZodString;
            end: z.ZodString;
        }, z.core.$strict>>;
        exceptions: z.ZodOptional<z.ZodArray<z.ZodObject<{
            date: z.ZodISODate;
            shifts: z.ZodArray<z.ZodObject<{
                start: z.ZodString;
                end: z.ZodString;
            }, z.core.$strict>>;
        }, z.core.$strict>>>;
    }, z.core.$strict>;
}, z.core.$strict>;
export type Enterprise = z.infer<typeof EnterpriseSchema>;
/**
 * Everything one enterprise report is a function of. Presence events must reach back before the
 * period far enough to hold the last frame before it (the state at `from` depends on it).
 */
export declare const EnterpriseInputSchema: z.ZodObject<{
    enterprise: z.ZodObject<{
        id: z.ZodString;
        industryKind: z.ZodEnum<{
            discrete: "discrete";
            process: "process";
        }>;
        calendar: z.ZodObject<{
            utcOffsetMinutes: z.ZodInt;
            weekly: z.ZodArray<z.ZodObject<{
                days: z.ZodArray<z.ZodInt>;
                start: z.ZodString;
                end: z.ZodString;
            }, z.core.$strict>>;
            exceptions: z.ZodOptional<z.ZodArray<z.ZodObject<{
                date: z.ZodISODate;
                shifts: z.ZodArray<z.ZodObject<{
                    start: z.ZodString;
                    end: z.ZodString;
                }, z.core.$strict>>;
            }, z.core.$strict>>>;
        }, z.core.$strict>;
    }, z.core.$strict>;
    period: z.ZodObject<{
        from: z.ZodInt;
        to: z.ZodInt;
    }, z.core.$strict>;
    devices: z.ZodArray<z.ZodObject<{
        id: z.ZodString;
        enterprise: z.ZodString;
        class: z.ZodString;
        keyProcess: z.ZodBoolean;
        declaredNetworked: z.ZodBoolean;
        declaredDigital: z.ZodBoolean;
        declaredCnc: z.ZodBoolean;
        fingerprint: z.ZodOptional<z.ZodString>;
        identitySource: z.ZodOptional<z.ZodString>;
        certificateSha256: z.ZodOptional<z.ZodString>;
        registeredAt: z.ZodInt;
        retiredAt: z.ZodOptional<z.ZodInt>;
        signals: z.ZodArray<z.ZodObject<{
            id: z.ZodString;
            role: z.ZodEnum<{
                alarm: "alarm";
                alarm_count: "alarm_count";
                axis_position: "axis_position";
                controller_mode: "controller_mode";
                counter: "counter";
                current: "current";
                cycle_time: "cycle_time";
                emergency_stop: "emergency_stop";
                energy_reactive_total: "energy_reactive_total";
                energy_total: "energy_total";
                execution: "execution";
                feed_override: "feed_override";
                feed_rate: "feed_rate";
                flow: "flow";
                frequency: "frequency";
                operating_hours: "operating_hours";
                other: "other";
                part_count: "part_count";
                power_active: "power_active";
                power_apparent: "power_apparent";
                power_factor: "power_factor";
                power_reactive: "power_reactive";
                power_state: "power_state";
                pressure: "pressure";
                program: "program";
                setpoint: "setpoint";
                spindle_load: "spindle_load";
                spindle_override: "spindle_override";
                spindle_speed: "spindle_speed";
                status_word: "status_word";
                temperature: "temperature";
                tool_number: "tool_number";
                voltage: "voltage";
            }>;
            heartbeatMs: z.ZodInt;
            range: z.ZodOptional<z.ZodTuple<[z.ZodNumber, z.ZodNumber], null>>;
            deadband: z.ZodOptional<z.ZodDiscriminatedUnion<[z.ZodObject<{
                kind: z.ZodLiteral<"absolute">;
                value: z.ZodNumber;
            }, z.core.$strict>, z.ZodObject<{
                kind: z.ZodLiteral<"percentOfRange">;
                value: z.ZodNumber;
            }, z.core.$strict>], "kind">>;
            unit: z.ZodOptional<z.ZodString>;
        }, z.core.$strict>>;
    }, z.core.$strict>>;
    presence: z.ZodArray<z.ZodObject<{
        device: z.ZodString;
        at: z.ZodInt;
        kind: z.ZodEnum<{
            death: "death";
            frame: "frame";
            "gateway-offline": "gateway-offline";
            "gateway-online": "gateway-online";
            "status-connected": "status-connected";
            "status-disconnected": "status-disconnected";
            "status-error": "status-error";
        }>;
        gateway: z.ZodOptional<z.ZodString>;
        cause: z.ZodOptional<z.ZodObject<{
            code: z.ZodString;
            message: z.ZodString;
        }, z.core.$strict>>;
    }, z.core.$strict>>;
    ledger: z.ZodArray<z.ZodObject<{
        device: z.ZodString;
        hourStart: z.ZodInt;
        frames: z.ZodInt;
        samples: z.ZodInt;
        samplesBySignal: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodInt>>;
        gaps: z.ZodInt;
        duplicates: z.ZodInt;
        rejections: z.ZodInt;
    }, z.core.$strict>>;
    series: z.ZodArray<z.ZodObject<{
        device: z.ZodString;
        signal: z.ZodString;
        role: z.ZodEnum<{
            alarm: "alarm";
            alarm_count: "alarm_count";
            axis_position: "axis_position";
            controller_mode: "controller_mode";
            counter: "counter";
            current: "current";
            cycle_time: "cycle_time";
            emergency_stop: "emergency_stop";
            energy_reactive_total: "energy_reactive_total";
            energy_total: "energy_total";
            execution: "execution";
            feed_override: "feed_override";
            feed_rate: "feed_rate";
            flow: "flow";
            frequency: "frequency";
            operating_hours: "operating_hours";
            other: "other";
            part_count: "part_count";
            power_active: "power_active";
            power_apparent: "power_apparent";
            power_factor: "power_factor";
            power_reactive: "power_reactive";
            power_state: "power_state";
            pressure: "pressure";
            program: "program";
            setpoint: "setpoint";
            spindle_load: "spindle_load";
            spindle_override: "spindle_override";
            spindle_speed: "spindle_speed";
            status_word: "status_word";
            temperature: "temperature";
            tool_number: "tool_number";
            voltage: "voltage";
        }>;
        points: z.ZodArray<z.ZodObject<{
            v: z.ZodUnion<readonly [z.ZodNumber, z.ZodBoolean, z.ZodString, z.ZodNull]>;
            q: z.ZodEnum<{
                bad: "bad";
                good: "good";
                uncertain: "uncertain";
            }>;
            t: z.ZodInt;
        }, z.core.$strict>>;
    }, z.core.$strict>>;
    frames: z.ZodArray<z.ZodObject<{
        receivedAt: z.ZodInt;
        digest: z.ZodString;
        gw: z.ZodString;
        sess: z.ZodString;
        seq: z.ZodInt;
        ts: z.ZodInt;
        devices: z.ZodArray<z.ZodObject<{
            dev: z.ZodString;
            times: z.ZodRecord<z.ZodString, z.ZodArray<z.ZodInt>>;
        }, z.core.$strict>>;
    }, z.core.$strict>>;
    resets: z.ZodArray<z.ZodObject<{
        device: z.ZodString;
        signal: z.ZodString;
        at: z.ZodInt;
    }, z.core.$strict>>;
    challenges: z.ZodArray<z.ZodObject<{
        device: z.ZodString;
        id: z.ZodString;
        issuedAt: z.ZodInt;
        nonce: z.ZodString;
        deadlineMs: z.ZodInt;
        signals: z.ZodOptional<z.ZodArray<z.ZodString>>;
        reply: z.ZodNullable<z.ZodObject<{
            receivedAt: z.ZodInt;
            signatureValid: z.ZodBoolean;
            ok: z.ZodBoolean;
            nonce: z.ZodString;
            samples: z.ZodArray<z.ZodObject<{
                s: z.ZodString;
                v: z.ZodUnion<readonly [z.ZodNumber, z.ZodBoolean, z.ZodString, z.ZodNull]>;
                q: z.ZodEnum<{
                    bad: "bad";
                    good: "good";
                    uncertain: "uncertain";
                }>;
                t: z.ZodInt;
                src: z.ZodOptional<z.ZodInt>;
            }, z.core.$strict>>;
            deviceClock: z.ZodOptional<z.ZodInt>;
            error: z.ZodOptional<z.ZodObject<{
                code: z.ZodString;
                message: z.ZodString;
            }, z.core.$strict>>;
            deviceProof: z.ZodOptional<z.ZodDiscriminatedUnion<[z.ZodObject<{
                kind: z.ZodLiteral<"opcua-session-signature">;
                securityPolicyUri: z.ZodString;
                securityMode: z.ZodEnum<{
                    Sign: "Sign";
                    SignAndEncrypt: "SignAndEncrypt";
                }>;
                serverCertificate: z.ZodString;
                clientCertificate: z.ZodString;
                algorithm: z.ZodString;
                signature: z.ZodString;
            }, z.core.$strict>, z.ZodObject<{
                kind: z.ZodLiteral<"none">;
                reason: z.ZodObject<{
                    code: z.ZodString;
                    message: z.ZodString;
                }, z.core.$strict>;
            }, z.core.$strict>], "kind">>;
        }, z.core.$strict>>;
    }, z.core.$strict>>;
    mappingChanges: z.ZodArray<z.ZodObject<{
        device: z.ZodString;
        at: z.ZodInt;
        gateway: z.ZodString;
        previousHash: z.ZodNullable<z.ZodString>;
        hash: z.ZodString;
        previousClass: z.ZodNullable<z.ZodString>;
        class: z.ZodString;
        previousProfile: z.ZodNullable<z.ZodString>;
        profile: z.ZodString;
    }, z.core.$strict>>;
    fingerprintPeers: z.ZodArray<z.ZodObject<{
        device: z.ZodString;
        enterprise: z.ZodString;
        fingerprint: z.ZodString;
    }, z.core.$strict>>;
    identityChanges: z.ZodOptional<z.ZodArray<z.ZodObject<{
        device: z.ZodString;
        at: z.ZodInt;
        gateway: z.ZodString;
        previousFingerprint: z.ZodNullable<z.ZodString>;
        fingerprint: z.ZodString;
        previousSource: z.ZodNullable<z.ZodString>;
        source: z.ZodString;
    }, z.core.$strict>>>;
    nameplates: z.ZodOptional<z.ZodArray<z.ZodObject<{
        device: z.ZodString;
        gateway: z.ZodString;
        serial: z.ZodString;
        fingerprint: z.ZodString;
        confirmedAt: z.ZodInt;
    }, z.core.$strict>>>;
    relations: z.ZodOptional<z.ZodArray<z.ZodObject<{
        kind: z.ZodEnum<{
            feeds: "feeds";
            runs: "runs";
        }>;
        from: z.ZodString;
        to: z.ZodString;
    }, z.core.$strict>>>;
    copiedStreams: z.ZodOptional<z.ZodArray<z.ZodObject<{
        a: z.ZodObject<{
            enterprise: z.ZodString;
            device: z.ZodString;
            signal: z.ZodString;
        }, z.core.$strict>;
        b: z.ZodObject<{
            enterprise: z.ZodString;
            device: z.ZodString;
            signal: z.ZodString;
        }, z.core.$strict>;
        fit: z.ZodObject<{
            shiftMs: z.ZodNumber;
            scale: z.ZodNumber;
            offset: z.ZodNumber;
            matchedChanges: z.ZodInt;
            coverage: z.ZodNumber;
            relativeResidual: z.ZodNumber;
            overlapMs: z.ZodNumber;
        }, z.core.$strict>;
    }, z.core.$strict>>>;
}, z.core.$strict>;
export type EnterpriseInput = z.infer<typeof EnterpriseInputSchema>;
