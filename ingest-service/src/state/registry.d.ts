import type { Ed25519PublicJwk } from "@onramp/contract";
import type { SqlExecutor } from "./sql-client.js";
export interface Enterprise {
    id: string;
    name: string;
    createdAt: number;
}
export interface Gateway {
    ent: string;
    id: string;
    kid: string;
    publicJwk: Ed25519PublicJwk;
    mqttUsername: string;
    status: "enrolled" | "online" | "offline";
    enrolledAt: number;
    revokedAt: number | null;
    lastSession: string | null;
    lastBirthAt: number | null;
    agentVersion: string | null;
}
export interface Device {
    ent: string;
    gw: string;
    id: string;
    profile: string;
    class: string;
    mapping: string | null;
    fingerprint: string | null;
    identitySource: string | null;
    /** SHA-256 of the OPC UA server certificate the birth announced; checks challenge device proofs. */
    certificateSha256: string | null;
    keyProcess: boolean;
    cnc: boolean;
    declaredBy: string | null;
    declaredAt: number | null;
    heartbeatMs: number | null;
    expectedSamplesPerHour: number | null;
    firstBirthAt: number;
    lastBirthAt: number;
}
/** Equipment declared by the enterprise (issue 14): it counts whether or not a gateway announces it. */
export interface DeclaredEquipment {
    ent: string;
    id: string;
    name: string;
    class: string;
    keyProcess: boolean;
    declaredDigital: boolean;
    declaredNetworked: boolean;
    declaredCnc: boolean;
    declaredBy: string;
    declaredAt: number;
    registeredAt: number;
    retiredAt: number | null;
}
export type EquipmentDeclaration = Pick<DeclaredEquipment, "name" | "class" | "keyProcess" | "declaredDigital" | "declaredNetworked" | "declaredCnc">;
/** The registry: enterprises, gateways and devices. Scope checks are the API's job, not this one's. */
export declare class Registry {
    private readonly sql;
    constructor(sql: SqlExecutor);
    createEnterprise(id: string, name: string, now?: number): Promise<Enterprise | undefined>;
    listEnterprises(only?: string): Promise<Enterprise[]>;
    getGatewayByUsername(username: string): Promise<(Gateway & {
        passwordHash: string;
    }) | undefined>;
    listGateways(ent: string): Promise<Gateway[]>;
    revokeGateway(ent: string, id: string, now?: number): Promise<Gateway | undefined>;
    listDevices(ent: string, gw?: string): Promise<Device[]>;
    declareDevice(key: {
        ent: string;
        gw: string;
        id: string;
    }, flags: {
        keyProcess?: boolean | undefined;
        cnc?: boolean | undefined;
    }, declaredBy: string, now?: number): Promise<Device | undefined>;
    /**
     * Declares (or re-declares) one piece of equipment of an enterprise. The key-process and CNC
     * flags also go to the devices a gateway already announced under that id, so the two stay one
     * declaration. `created` says whether this was the first declaration.
     */
    declareEquipment(key: {
        ent: string;
        id: string;
    }, declaration: EquipmentDeclaration, declaredBy: string, now?: number): Promise<{
        equipment: DeclaredEquipment;
        created: boolean;
    }>;
    /** Marks declared equipment as retired (scrapped, sold): judged only up to then. */
    retireEquipment(key: {
        ent: string;
        id: string;
    }, now?: number): Promise<DeclaredEquipment | undefined>;
    listDeclaredEquipment(ent: string): Promise<DeclaredEquipment[]>;
}
