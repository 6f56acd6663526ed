/**
 * Units allowed in profiles, UCUM case-sensitive codes (https://ucum.org) as used by OPC UA
 * EngineeringUnits and MTConnect: one spelling per unit so that series are comparable across
 * device models. `1` is dimensionless; `{count}` an annotated count (UCUM §2.4 curly braces).
 */
export const UNITS = [
  "1",
  "{count}",
  "%",
  "V",
  "A",
  "W",
  "kW",
  "VA",
  "kVA",
  "var",
  "kvar",
  "Wh",
  "kWh",
  "kvar.h",
  "Hz",
  "Cel",
  "r/min",
  "mm/min",
  "m/min",
  "mm",
  "um",
  "deg",
  "ms",
  "s",
  "min",
  "h",
  "bar",
  "kPa",
  "MPa",
  "N.m",
  "kg",
  "t",
  "L/min",
  "m3",
  "m3/h",
] as const;
export type Unit = (typeof UNITS)[number];
