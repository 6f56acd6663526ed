import { createHash } from "node:crypto";
import { type CompiledProfile, mapDataValue } from "@onramp/profiles";
import { AttributeIds, type DataValue, resolveNodeId, VariableIds } from "node-opcua";
import type { DeviceIdentity, DriverResult } from "../driver.js";
import { cause, messageOf } from "./errors.js";
import type { Link } from "./link.js";
import type { ResolvedNodes } from "./resolve.js";

/** Server_ServerStatus_BuildInfo (OPC 10000-5 §12.4), read as identity fields. */
const BUILD_INFO: readonly [string, number][] = [
  ["build_product_uri", VariableIds.Server_ServerStatus_BuildInfo_ProductUri],
  ["build_manufacturer", VariableIds.Server_ServerStatus_BuildInfo_ManufacturerName],
  ["build_product_name", VariableIds.Server_ServerStatus_BuildInfo_ProductName],
  ["build_software_version", VariableIds.Server_ServerStatus_BuildInfo_SoftwareVersion],
  ["build_number", VariableIds.Server_ServerStatus_BuildInfo_BuildNumber],
  ["build_date", VariableIds.Server_ServerStatus_BuildInfo_BuildDate],
];

/**
 * Which fields identify the physical device, per identity method. Only these are hashed into
 * the fingerprint, so it survives what changes in a device's life without it becoming another
 * device: a software update (BuildInfo, SoftwareRevision), a renewed certificate (except for
 * opcua-certificate, where the certificate is the identity). OPC 40001-1 §9: Manufacturer and
 * SerialNumber together identify a machine; both are mandatory in MachineToolIdentificationType.
 */
export const FINGERPRINT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  "opcua-certificate": ["certificate_sha256"],
  "opcua-application-uri": ["application_uri"],
  "opcua-machine-tool-identification": ["manufacturer", "serial_number"],
};

/** `sha256:` + SHA-256 over `method` and the key fields as `name=value` lines, in name order. */
export function fingerprintOf(
  method: string,
  fields: Readonly<Record<string, string>>,
): DriverResult<string> {
  const keys = FINGERPRINT_FIELDS[method];
  if (!keys) {
    return {
      ok: false,
      error: cause("ONRAMP_OPCUA_IDENTITY_UNAVAILABLE", `identity method ${method} is not an OPC UA method`),
    };
  }
  const missing = keys.filter((k) => !fields[k]);
  if (missing.length > 0) {
    return {
      ok: false,
      error: cause(
        "ONRAMP_OPCUA_IDENTITY_UNAVAILABLE",
        `identity method ${method} needs ${missing.join(", ")}, which the device did not give`,
      ),
    };
  }
  if (method === "opcua-certificate") return { ok: true, value: `sha256:${fields.certificate_sha256}` };
  const canonical = [`method=${method}`, ...[...keys].sort().map((k) => `${k}=${fields[k]}`)].join("\n");
  return { ok: true, value: `sha256:${createHash("sha256").update(canonical).digest("hex")}` };
}

/**
 * Reads the identity fresh: the server's application description and certificate (from
 * discovery), BuildInfo, and the profile's identity fields (Machine Tools Identification).
 */
export async function readIdentity(
  link: Link,
  resolved: ResolvedNodes,
  profile: CompiledProfile,
  where: string,
): Promise<DriverResult<DeviceIdentity>> {
  const method = profile.profile.identity?.method ?? "opcua-application-uri";
  const fields: Record<string, string> = {};
  if (link.applicationUri) fields.application_uri = link.applicationUri;
  if (link.productUri) fields.product_uri = link.productUri;
  if (link.certificate) fields.certificate_sha256 = link.certificate.thumbprint;
  const profileFields = [...resolved.identity];
  let values: DataValue[];
  try {
    values = await link.session.read(
      [
        ...BUILD_INFO.map(([, id]) => ({ nodeId: resolveNodeId(id), attributeId: AttributeIds.Value })),
        ...profileFields.map(([, nodeId]) => ({ nodeId, attributeId: AttributeIds.Value })),
      ],
      0,
    );
  } catch (error) {
    return {
      ok: false,
      error: cause("ONRAMP_OPCUA_READ_FAILED", `${where}: cannot read the identity: ${messageOf(error)}`),
    };
  }
  const named: [string, DataValue | undefined][] = [
    ...BUILD_INFO.map(([name], i): [string, DataValue | undefined] => [name, values[i]]),
    ...profileFields.map(([name], i): [string, DataValue | undefined] => [
      name,
      values[BUILD_INFO.length + i],
    ]),
  ];
  for (const [name, dataValue] of named) {
    const text = dataValue ? textOf(dataValue) : undefined;
    if (text !== undefined && text !== "") fields[name] = text;
  }
  const fingerprint = fingerprintOf(method, fields);
  if (!fingerprint.ok) {
    const unresolved = resolved.identityFaults.map((f) => f.cause.message).join("; ");
    const detail = unresolved ? ` (${unresolved})` : "";
    return {
      ok: false,
      error: cause("ONRAMP_OPCUA_IDENTITY_UNAVAILABLE", `${where}: ${fingerprint.error.message}${detail}`),
    };
  }
  return { ok: true, value: { method, fingerprint: fingerprint.value, fields } };
}

function textOf(dataValue: DataValue): string | undefined {
  const mapped = mapDataValue(dataValue, {});
  if (!mapped.ok || mapped.raw === null) return undefined;
  if (dataValue.value.value instanceof Date) return dataValue.value.value.toISOString();
  return String(mapped.raw);
}
