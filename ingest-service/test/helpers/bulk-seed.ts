import { createHash } from "node:crypto";
import { publicJwk } from "@onramp/contract";
import type { FastifyInstance } from "fastify";
import { writeEnterpriseMeta } from "../../src/evidence/enterprise-meta.js";
import { PILOT_INDUSTRIES } from "../../src/indicators/index.js";
import { type AccountedFrame, commitFrames } from "../../src/state/accounting.js";
import { samples, TestGateway } from "./gateway.js";

const MAPPING = `sha256:${"cd".repeat(32)}`;
export const SCALE_DISTRICTS = ["pudong", "minhang", "jiading", "songjiang"] as const;

/** `ent-001` … : zero-padded, so id order is numeric order. */
export const scaleEnterpriseId = (i: number) => `ent-${String(i + 1).padStart(3, "0")}`;

/**
 * Bulk demo data for the dashboard's data path, written straight into the state store (no MQTT,
 * no signatures): `enterprises` enterprises with declared profiles, one gateway each announcing
 * `devicesPerEnterprise` devices in a birth an hour before `now`, and data frames for the first
 * `i mod devicesPerEnterprise` devices of enterprise `i`, so rows differ in evidence and flags.
 */
export async function seedBureauScale(
  app: FastifyInstance,
  opts: { enterprises: number; devicesPerEnterprise: number; now?: number },
): Promise<void> {
  const ctx = app.ingest;
  const now = opts.now ?? Date.now();
  const bornAt = now - 3_600_000;
  for (let i = 0; i < opts.enterprises; i++) {
    const ent = scaleEnterpriseId(i);
    await ctx.registry.createEnterprise(ent, `Enterprise ${i + 1}`, bornAt);
    await writeEnterpriseMeta(ctx.sql, ent, {
      district: SCALE_DISTRICTS[i % SCALE_DISTRICTS.length] as string,
      developmentZone: null,
      industry: PILOT_INDUSTRIES[i % PILOT_INDUSTRIES.length] as (typeof PILOT_INDUSTRIES)[number],
      industryKind: "discrete",
      aboveScale: i % 2 === 0,
      smeDigitalLevel: i % 2 === 0 ? null : 1 + (i % 3),
      calendar: null,
    });
    const gateway = new TestGateway(ent, "gw-1");
    await ctx.sql.query(
      `INSERT INTO gateways (ent, id, kid, public_jwk, mqtt_username, password_hash, enrolled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        ent,
        "gw-1",
        gateway.key.kid,
        JSON.stringify(publicJwk(gateway.key.publicKey)),
        `${ent}/gw-1`,
        "-",
        bornAt,
      ],
    );
    const devices = Array.from({ length: opts.devicesPerEnterprise }, (_, d) => ({
      id: `dev-${String(d + 1).padStart(2, "0")}`,
      profile: "test/cnc@1.0.0",
      class: d % 3 === 2 ? "press" : "cnc_machine_tool",
      mapping: MAPPING,
      // Every other device had its identity read; in every seventh enterprise two devices share
      // one (a machine registered twice, flagged).
      identity:
        d % 2 === 1
          ? null
          : {
              fingerprint: `sha256:${createHash("sha256")
                .update(`${ent}/${i % 7 === 3 && d === 2 ? 0 : d}`)
                .digest("hex")}`,
              source: "opcua-certificate" as const,
              fields: { serialNumber: `SN-${ent}-${d}` },
            },
    }));
    const live = devices.slice(0, i % opts.devicesPerEnterprise);
    const birth = gateway.birth(devices);
    const frames: AccountedFrame[] = [
      { body: birth, receivedAt: bornAt, isSkewed: false, raw: gateway.sign(birth) },
    ];
    if (live.length > 0) {
      const data = gateway.data(
        live.map((d) => ({ dev: d.id, samples: samples("spindle_speed", 5, now - 600_000) })),
      );
      frames.push({ body: data, receivedAt: now - 590_000, isSkewed: false, raw: gateway.sign(data) });
    }
    await commitFrames(ctx.sql, frames, [], () => undefined);
  }
}
