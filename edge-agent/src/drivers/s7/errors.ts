import type { DriverCause } from "../driver.js";
import type { S7Failure } from "./connection.js";
import { ITEM_RETURN_NAMES } from "./protocol.js";

/**
 * The S7 driver's error registry: every cause it reports carries one of these codes; README.md's
 * troubleshooting table has the same rows for people, and `errors.test.ts` keeps the two in step.
 */
export interface S7ErrorInfo {
  readonly meaning: string;
  readonly howToSolve: string;
}

export const S7_ERRORS = {
  ONRAMP_S7_BAD_URL: {
    meaning: "The connection URL is malformed or has an unknown or out-of-range parameter.",
    howToSolve: "Fix the named field; the URL grammar is at the top of this README.",
  },
  ONRAMP_S7_PROFILE_MISMATCH: {
    meaning: "The device's profile is not an S7 profile.",
    howToSolve: "Give the device a profile with `protocol: s7`.",
  },
  ONRAMP_S7_CONNECTION_REFUSED: {
    meaning: "The host refused the TCP connection on the ISO-on-TCP port: nothing listens there.",
    howToSolve: "Check host and port (102); check that the CPU's PROFINET interface has that address.",
  },
  ONRAMP_S7_UNREACHABLE: {
    meaning: "The TCP connection could not be opened: unknown host, no route, or no answer.",
    howToSolve: "Check the address and the network path (ping, VLAN, firewall) from the gateway.",
  },
  ONRAMP_S7_COTP_REFUSED: {
    meaning:
      "The CPU accepted TCP but refused the ISO connection (COTP): the TSAP, i.e. rack and slot, does not match.",
    howToSolve:
      "S7-300: rack 0 slot 2; S7-1200/1500: rack 0 slot 1 (or 0); S7-200 SMART and LOGO!: type=s7-200-smart / type=logo, or the TSAPs configured in the PLC program.",
  },
  ONRAMP_S7_TIMEOUT: {
    meaning: "The CPU sent no answer within the timeout.",
    howToSolve: "Raise `timeout` for a loaded CPU or a slow link; check that no firewall drops the packets.",
  },
  ONRAMP_S7_CONNECTION_LOST: {
    meaning: "An open connection closed while in use, or the CPU closed it.",
    howToSolve:
      "Polling resumes by itself; if it repeats, check the CPU's connection resources (a CPU allows a handful of PG/OP connections) and the cable.",
  },
  ONRAMP_S7_BAD_ANSWER: {
    meaning: "The CPU's answer is not valid S7comm, or it refused the whole job.",
    howToSolve:
      "On an S7-1200/1500, enable \"Permit access with PUT/GET communication\" in the CPU's protection settings; otherwise capture the traffic (Wireshark's s7comm dissector) and report it.",
  },
  ONRAMP_S7_ITEM_ERROR: {
    meaning:
      "The CPU refused one address of a read (address out of range, object does not exist, access not allowed); the message carries its return code.",
    howToSolve:
      "Check the DB number and offset in the profile against the DB (optimized block access must be off for absolute addresses); the device's other signals keep being read.",
  },
  ONRAMP_S7_VALUE_TOO_LARGE: {
    meaning: "A value is larger than one read item can carry with the PDU size the CPU agreed to.",
    howToSolve:
      "Shorten the STRING in the profile, or connect with a larger `pduSize` if the CPU offers one.",
  },
  ONRAMP_S7_SZL: {
    meaning: "The CPU did not answer the identity lists (SZL 0x0011, 0x001C), or gave them empty.",
    howToSolve:
      "Some CPUs (LOGO!, S7-200 SMART) do not serve the SZL: use `identity: { method: industrial-internet-identifier }` or no identity in the profile.",
  },
  ONRAMP_S7_NO_IDENTITY: {
    meaning: "The profile names no identity method that works over S7.",
    howToSolve: "Add `identity: { method: s7-szl }` to the profile.",
  },
  ONRAMP_S7_UNKNOWN_SIGNAL: {
    meaning: "A read asked for a signal the device's profile does not have.",
    howToSolve: "Use a signal id from the device's profile.",
  },
  ONRAMP_S7_CLOSED: {
    meaning: "The driver was closed while a request was waiting.",
    howToSolve: "Nothing to do: the agent is shutting down or the device was removed from the configuration.",
  },
  ONRAMP_S7_OVERRUN: {
    meaning: "A poll cycle took longer than its interval; the ticks it overlapped were skipped and counted.",
    howToSolve:
      "Lengthen pollIntervalMs or shorten the timeout; fewer, larger items help (see the planner section).",
  },
} as const satisfies Record<string, S7ErrorInfo>;

export type S7ErrorCode = keyof typeof S7_ERRORS;

export interface CauseContext {
  readonly device: string;
  readonly url: string;
  readonly request?: string;
}

export function s7Cause(code: S7ErrorCode, where: CauseContext, what: string): DriverCause {
  const request = where.request ? ` (${where.request})` : "";
  return { code, message: `device "${where.device}" at ${where.url}: ${what}${request}` };
}

const CODE_OF: Record<S7Failure["kind"], S7ErrorCode> = {
  timeout: "ONRAMP_S7_TIMEOUT",
  refused: "ONRAMP_S7_CONNECTION_REFUSED",
  unreachable: "ONRAMP_S7_UNREACHABLE",
  lost: "ONRAMP_S7_CONNECTION_LOST",
  "cotp-refused": "ONRAMP_S7_COTP_REFUSED",
  "bad-answer": "ONRAMP_S7_BAD_ANSWER",
  closed: "ONRAMP_S7_CLOSED",
};

export function describeS7Failure(failure: S7Failure): string {
  switch (failure.kind) {
    case "timeout":
      return `no answer to ${failure.during} within ${failure.timeoutMs} ms`;
    case "refused":
      return `connection refused (${failure.detail})`;
    case "unreachable":
      return `cannot connect (${failure.detail})`;
    case "lost":
      return `connection lost (${failure.detail})`;
    case "cotp-refused":
      return "the CPU refused the ISO connection: check rack/slot or the TSAPs";
    case "bad-answer":
      return `bad answer (${failure.detail})`;
    case "closed":
      return "the driver was closed";
  }
}

export function causeOfS7Failure(failure: S7Failure, where: CauseContext): DriverCause {
  return s7Cause(CODE_OF[failure.kind], where, describeS7Failure(failure));
}

/** `return code 0x05 (address out of range)`. */
export function describeItemReturn(code: number): string {
  return `return code 0x${code.toString(16).padStart(2, "0")} (${ITEM_RETURN_NAMES[code] ?? "unknown"})`;
}
