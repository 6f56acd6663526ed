import { z } from "zod";

/**
 * A DataItem of the device's MTConnect probe, found by what it is rather than by its `id` (ids
 * are agent-configuration names and differ from machine to machine, as OPC UA node ids do):
 * `type` and optional `subType` as MTConnect Standard Part 2 (Devices Information Model) spells
 * them, optionally narrowed to a component (`Rotary`, `Path`, `Controller`, or a component's
 * `name` such as `C`), and, when several DataItems still match, the first in document order wins.
 * `category: CONDITION` DataItems give the condition state (`NORMAL`, `WARNING`, `FAULT`,
 * `UNAVAILABLE`) as their value; EVENT and SAMPLE DataItems give their observation text.
 */
export const MtconnectSource = z
  .object({
    type: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, "an MTConnect DataItem type in upper snake case (e.g. EXECUTION)"),
    subType: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, "an MTConnect DataItem subType in upper snake case (e.g. ACTUAL)")
      .optional(),
    /** A component element name (`Rotary`, `Path`…) or a component's `name` attribute. */
    component: z.string().min(1).max(100).optional(),
    category: z.enum(["SAMPLE", "EVENT", "CONDITION"]).optional(),
  })
  .strict();
export type MtconnectSource = z.infer<typeof MtconnectSource>;

/** The fixture and log key of a source: `Rotary/ROTARY_VELOCITY:ACTUAL`, `EXECUTION`. */
export function mtconnectKeyOf(s: MtconnectSource): string {
  const component = s.component === undefined ? "" : `${s.component}/`;
  const subType = s.subType === undefined ? "" : `:${s.subType}`;
  return `${component}${s.type}${subType}`;
}
