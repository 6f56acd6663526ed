import type { DriverCause } from "../driver.js";

/**
 * The MTConnect driver's error registry: README.md's troubleshooting table has the same rows,
 * and `errors.test.ts` keeps the two in step.
 */
export const MTCONNECT_ERRORS = {
  ONRAMP_MTCONNECT_BAD_URL: {
    meaning: "The connection URL is malformed or has an unknown or out-of-range parameter.",
    howToSolve: "Fix the named field; the URL grammar is at the top of this README.",
  },
  ONRAMP_MTCONNECT_PROFILE_MISMATCH: {
    meaning: "The device's profile is not an MTConnect profile.",
    howToSolve: "Give the device a profile with `protocol: mtconnect`.",
  },
  ONRAMP_MTCONNECT_UNREACHABLE: {
    meaning:
      "The agent's HTTP server could not be reached (refused, no route, or no answer within the timeout).",
    howToSolve:
      "Check host and port (5000 by default) and that the agent runs; `curl http://HOST:PORT/probe` from the gateway must answer.",
  },
  ONRAMP_MTCONNECT_HTTP: {
    meaning: "The agent answered with an HTTP error status and no MTConnect document.",
    howToSolve:
      "Check the device name in the URL path against the agent's /probe; a proxy in between may refuse the request.",
  },
  ONRAMP_MTCONNECT_BAD_DOCUMENT: {
    meaning: "The agent's answer is not an MTConnect document the driver can read.",
    howToSolve:
      "Open the same URL in a browser and check that it is MTConnectDevices or MTConnectStreams XML (JSON output is not read).",
  },
  ONRAMP_MTCONNECT_NO_DEVICE: {
    meaning: "The agent serves no device of the name or uuid the URL gives.",
    howToSolve: "Use a Device `name` or `uuid` from the agent's /probe as the URL path.",
  },
  ONRAMP_MTCONNECT_AGENT_ERROR: {
    meaning: "The agent answered with an MTConnectError document; the message carries its error codes.",
    howToSolve:
      "OUT_OF_RANGE is handled as a gap; for the others (INVALID_REQUEST, NO_DEVICE…) check the URL and the agent's version.",
  },
  ONRAMP_MTCONNECT_DATAITEM_MISSING: {
    meaning: "No DataItem of the device's probe matches a signal's type, subType and component.",
    howToSolve:
      "Compare the profile's source with the agent's /probe; the signal is reported bad, the others are read.",
  },
  ONRAMP_MTCONNECT_AGENT_RESTARTED: {
    meaning:
      "The agent's instanceId changed: it restarted and its sequence numbers started again, so observations between the last answer and the restart are lost. Reported as a gap (disconnected, then connected), never as silence.",
    howToSolve: "Nothing to do; if it repeats, look at why the agent restarts.",
  },
  ONRAMP_MTCONNECT_BUFFER_OVERFLOW: {
    meaning:
      "Observations were lost: the agent's buffer no longer held the sequence asked for (firstSequence past `from`, or OUT_OF_RANGE). Reported as a gap, then reading resumes from /current.",
    howToSolve: "Shorten `interval` or raise `count`, or enlarge the agent's BufferSize.",
  },
  ONRAMP_MTCONNECT_UNKNOWN_SIGNAL: {
    meaning: "A read asked for a signal the device's profile does not have.",
    howToSolve: "Use a signal id from the device's profile.",
  },
  ONRAMP_MTCONNECT_NO_IDENTITY: {
    meaning:
      "The profile names no identity method that works over MTConnect, or the Device has neither uuid nor serial number.",
    howToSolve:
      "Add `identity: { method: mtconnect-device }` to the profile; give the Device a uuid in the agent's Devices.xml.",
  },
  ONRAMP_MTCONNECT_CLOSED: {
    meaning: "The driver was closed while a request was waiting.",
    howToSolve: "Nothing to do: the agent is shutting down or the device was removed from the configuration.",
  },
} as const satisfies Record<string, { meaning: string; howToSolve: string }>;

export type MtconnectErrorCode = keyof typeof MTCONNECT_ERRORS;

export function mtconnectCause(
  code: MtconnectErrorCode,
  where: { device: string; url: string },
  what: string,
): DriverCause {
  return { code, message: `device "${where.device}" at ${where.url}: ${what}` };
}
