/**
 * The semantic-role vocabulary: the small set of meanings the indicators understand, whatever a
 * device calls the signal. Names follow MTConnect DataItem types (Execution, ControllerMode,
 * PowerState, RotaryVelocity, PathFeedrate, PartCount, Program, …) and the variables of
 * OPC 40501 "OPC UA for Machine Tools" (Monitoring/Production/Notification), lower-cased.
 */
export const ROLES = [
  // machine state (MTConnect Execution / ControllerMode / PowerState; OPC 40501 ChannelState)
  "execution",
  "controller_mode",
  "power_state",
  "emergency_stop",
  "alarm",
  "alarm_count",
  // motion and process (MTConnect RotaryVelocity / PathFeedrate / overrides)
  "spindle_speed",
  "spindle_override",
  "spindle_load",
  "feed_rate",
  "feed_override",
  "axis_position",
  "tool_number",
  // production (MTConnect PartCount / Program; OPC 40501 Production)
  "part_count",
  "program",
  "cycle_time",
  "operating_hours",
  // energy (IEC 61850 / meter maps)
  "energy_total",
  "energy_reactive_total",
  "power_active",
  "power_reactive",
  "power_apparent",
  "power_factor",
  "voltage",
  "current",
  "frequency",
  // environment and generic process values
  "temperature",
  "pressure",
  "flow",
  "counter",
  "setpoint",
  "status_word",
  "other",
] as const;
export type Role = (typeof ROLES)[number];

/** MTConnect `Execution` values (MTConnect Standard Part 2, Execution); OPC 40501 ChannelState maps onto them. */
export const EXECUTION_STATES = [
  "READY",
  "ACTIVE",
  "INTERRUPTED",
  "FEED_HOLD",
  "STOPPED",
  "OPTIONAL_STOP",
  "PROGRAM_STOPPED",
  "PROGRAM_COMPLETED",
  "WAIT",
  "UNAVAILABLE",
] as const;

/** MTConnect `ControllerMode` values. */
export const CONTROLLER_MODES = [
  "AUTOMATIC",
  "MANUAL",
  "MANUAL_DATA_INPUT",
  "SEMI_AUTOMATIC",
  "EDIT",
  "UNAVAILABLE",
] as const;

/** MTConnect `PowerState` values. */
export const POWER_STATES = ["ON", "OFF", "UNAVAILABLE"] as const;

/**
 * Roles whose enum labels must come from a fixed vocabulary, so that an indicator can test
 * `execution=ACTIVE` on any device (INDICATORS §2.3, §2.4).
 */
export const ROLE_ENUM_VOCABULARY: Partial<Record<Role, readonly string[]>> = {
  execution: EXECUTION_STATES,
  controller_mode: CONTROLLER_MODES,
  power_state: POWER_STATES,
};

/** Cumulative counters: checked for decreases without a reset (INDICATORS §5, plausibility). */
export const CUMULATIVE_ROLES: readonly Role[] = [
  "part_count",
  "energy_total",
  "energy_reactive_total",
  "operating_hours",
];
