import type { DriverCause } from "../driver.js";

/**
 * The Modbus driver's error registry (Fastify's `lib/errors.js` habit): every cause it reports
 * carries one of these stable codes; README.md's troubleshooting table has the same rows for
 * people, and `errors.test.ts` keeps the two in step.
 */
export interface ModbusErrorInfo {
  readonly meaning: string;
  readonly howToSolve: string;
}

export const MODBUS_ERRORS = {
  ONRAMP_MODBUS_BAD_URL: {
    meaning:
      "The connection URL is malformed, has an unknown or out-of-range parameter, or disagrees with another device on the same bus.",
    howToSolve:
      "Fix the named field; the URL grammar is at the top of this README. Devices on one serial port must agree on baud, parity, stopBits and dataBits.",
  },
  ONRAMP_MODBUS_PROFILE_MISMATCH: {
    meaning: "The device's profile is not a Modbus profile.",
    howToSolve:
      "Give the device a profile with `protocol: modbus`, or an `opc.tcp://` URL for an OPC UA profile.",
  },
  ONRAMP_MODBUS_TIMEOUT: {
    meaning: "The device sent no answer within the timeout.",
    howToSolve:
      "Check the unit id, wiring (A/B swapped?), baud, parity and stop bits, and that nothing else polls the bus; raise `timeout` for slow devices or gateways.",
  },
  ONRAMP_MODBUS_EXCEPTION: {
    meaning: "The device answered with a Modbus exception response; the message carries its code and name.",
    howToSolve:
      "02/03: an address or count the device does not serve (fix the profile, or set workarounds.maxRegistersPerRead); 01: the device lacks that function code; 04/06: retry or check the device; 0A/0B: the gateway cannot reach the unit behind it.",
  },
  ONRAMP_MODBUS_CONNECTION_REFUSED: {
    meaning:
      "The host refused the TCP connection: nothing listens on that port, or it accepts no more clients.",
    howToSolve:
      "Check host and port (502 by default) and the device's Modbus TCP server setting; many devices allow only a few simultaneous clients.",
  },
  ONRAMP_MODBUS_CONNECTION_LOST: {
    meaning: "An open connection or serial port closed while in use.",
    howToSolve:
      "Polling resumes by itself once the device is back; if it repeats, look for a device that closes idle connections (workarounds.connection: close-after-poll) or a flaky cable or USB adapter.",
  },
  ONRAMP_MODBUS_UNREACHABLE: {
    meaning:
      "The TCP connection could not be opened: unknown host name, no route, or no answer to the connection attempt.",
    howToSolve: "Check the address and the network path (ping, VLAN, firewall) from the gateway.",
  },
  ONRAMP_MODBUS_SERIAL_PORT: {
    meaning: "The serial port could not be opened or failed.",
    howToSolve:
      "Check the device path (ls /dev/serial/by-id/), that the agent's user may open it (group dialout), and that no other program holds it.",
  },
  ONRAMP_MODBUS_CRC: {
    meaning: "An RTU answer arrived with a bad CRC: noise or a baud, parity or stop-bit mismatch on the bus.",
    howToSolve:
      "Check termination and biasing resistors, cable shielding and the serial settings; the driver retries the request (URL parameter `retries`).",
  },
  ONRAMP_MODBUS_BAD_RESPONSE: {
    meaning: "The answer did not match the request (length, unit id or function code).",
    howToSolve:
      "Usually two masters on one bus or two devices with the same unit id; check the bus. The driver retries the request.",
  },
  ONRAMP_MODBUS_CLOSED: {
    meaning: "The driver was closed while a request was waiting.",
    howToSolve: "Nothing to do: the agent is shutting down or the device was removed from the configuration.",
  },
  ONRAMP_MODBUS_OVERRUN: {
    meaning:
      "A poll cycle took longer than its interval; the ticks it overlapped were skipped and counted (logged at most once a minute per poll group).",
    howToSolve:
      "Lengthen pollIntervalMs, shorten the timeout, or split the bus: at 9600 baud a 40-register read takes about 100 ms on the wire.",
  },
  ONRAMP_MODBUS_UNKNOWN_SIGNAL: {
    meaning: "A read asked for a signal the device's profile does not have.",
    howToSolve: "Use a signal id from the device's profile.",
  },
  ONRAMP_MODBUS_NO_IDENTITY: {
    meaning: "The profile names no identity method that works over Modbus.",
    howToSolve:
      "Add `identity: { method: modbus-device-identification }` (FC43) or `modbus-serial-register` with the serial-number registers to the profile.",
  },
  ONRAMP_MODBUS_IDENTITY_BLANK: {
    meaning: "The device answered its identity request, but every identity field was empty or zero.",
    howToSolve:
      "The device has not been given a serial number, or the profile points at the wrong registers: check the vendor document.",
  },
} as const satisfies Record<string, ModbusErrorInfo>;

export type ModbusErrorCode = keyof typeof MODBUS_ERRORS;

/** Exception codes and names of Modbus Application Protocol v1.1b3 §7 (MODBUS Exception Codes). */
export const EXCEPTION_NAMES: Readonly<Record<number, string>> = {
  1: "ILLEGAL FUNCTION",
  2: "ILLEGAL DATA ADDRESS",
  3: "ILLEGAL DATA VALUE",
  4: "SERVER DEVICE FAILURE",
  5: "ACKNOWLEDGE",
  6: "SERVER DEVICE BUSY",
  8: "MEMORY PARITY ERROR",
  10: "GATEWAY PATH UNAVAILABLE",
  11: "GATEWAY TARGET DEVICE FAILED TO RESPOND",
};

/** `exception 02 ILLEGAL DATA ADDRESS` — the code as the spec prints it, and its name. */
export function describeException(code: number): string {
  const name = EXCEPTION_NAMES[code] ?? "UNKNOWN EXCEPTION CODE";
  return `exception ${code.toString(16).toUpperCase().padStart(2, "0")} ${name}`;
}

/** What went wrong on the wire, before it is worded for one device. */
export type ModbusFailure =
  | { readonly kind: "timeout"; readonly timeoutMs: number }
  | { readonly kind: "exception"; readonly exception: number }
  | { readonly kind: "refused"; readonly detail: string }
  | { readonly kind: "lost"; readonly detail: string }
  | { readonly kind: "unreachable"; readonly detail: string }
  | { readonly kind: "serial-port"; readonly detail: string }
  | { readonly kind: "crc" }
  | { readonly kind: "bad-response"; readonly detail: string }
  | { readonly kind: "closed" };

export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: ModbusFailure };

const CODE_OF: Record<ModbusFailure["kind"], ModbusErrorCode> = {
  timeout: "ONRAMP_MODBUS_TIMEOUT",
  exception: "ONRAMP_MODBUS_EXCEPTION",
  refused: "ONRAMP_MODBUS_CONNECTION_REFUSED",
  lost: "ONRAMP_MODBUS_CONNECTION_LOST",
  unreachable: "ONRAMP_MODBUS_UNREACHABLE",
  "serial-port": "ONRAMP_MODBUS_SERIAL_PORT",
  crc: "ONRAMP_MODBUS_CRC",
  "bad-response": "ONRAMP_MODBUS_BAD_RESPONSE",
  closed: "ONRAMP_MODBUS_CLOSED",
};

export function describeFailure(failure: ModbusFailure): string {
  switch (failure.kind) {
    case "timeout":
      return `no answer within ${failure.timeoutMs} ms`;
    case "exception":
      return `the device answered ${describeException(failure.exception)}`;
    case "refused":
      return `connection refused (${failure.detail})`;
    case "lost":
      return `connection lost (${failure.detail})`;
    case "unreachable":
      return `cannot connect (${failure.detail})`;
    case "serial-port":
      return `serial port failed (${failure.detail})`;
    case "crc":
      return "answer with a bad CRC";
    case "bad-response":
      return `answer does not match the request (${failure.detail})`;
    case "closed":
      return "the driver was closed";
  }
}

/** Where a cause happened: the device, its URL and, when there is one, the request. */
export interface CauseContext {
  readonly device: string;
  readonly url: string;
  readonly request?: string;
}

export function modbusCause(code: ModbusErrorCode, where: CauseContext, what: string): DriverCause {
  const request = where.request ? ` (${where.request})` : "";
  return { code, message: `device "${where.device}" at ${where.url}: ${what}${request}` };
}

export function causeOfFailure(failure: ModbusFailure, where: CauseContext): DriverCause {
  return modbusCause(CODE_OF[failure.kind], where, describeFailure(failure));
}
