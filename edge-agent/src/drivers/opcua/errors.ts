import type { DriverCause } from "../driver.js";

/**
 * The OPC UA driver's failure codes (Fastify's `lib/errors.js` habit): stable codes that logs,
 * status events and tests use, each with what it means and how to solve it. The README's
 * troubleshooting table is this registry for people; `errors.test.ts` keeps them in step.
 */
export const OPCUA_ERRORS = {
  ONRAMP_OPCUA_URL_INVALID: {
    meaning:
      "The device's connection URL is not a valid opc.tcp:// URL or has an unknown or malformed option.",
    howToSolve: "Fix the option named in the message; the options are listed in the driver README.",
  },
  ONRAMP_OPCUA_UNREACHABLE: {
    meaning: "No OPC UA server answered at the URL (refused, timed out, host unknown).",
    howToSolve: "Check the host, port and firewall; the agent keeps retrying with backoff.",
  },
  ONRAMP_OPCUA_ENDPOINT_UNSUPPORTED: {
    meaning: "The server offers no endpoint with the requested security mode and policy.",
    howToSolve: "Pick one of the combinations the message lists, or enable it on the server.",
  },
  ONRAMP_OPCUA_UNTRUSTED_SERVER: {
    meaning: "The server's certificate is not in the agent's trust list, so a secured connection is refused.",
    howToSolve:
      "Compare the SHA-256 thumbprint in the message with the one shown on the machine, then run `onramp-agent trust --connection <url>` (or add tofu=1 to trust it on first use).",
  },
  ONRAMP_OPCUA_SERVER_CERTIFICATE_CHANGED: {
    meaning: "The server presents a certificate other than the one pinned on first use.",
    howToSolve:
      "If the machine's certificate was renewed on purpose, trust the new one with `onramp-agent trust`; otherwise treat it as a possible impersonation.",
  },
  ONRAMP_OPCUA_BAD_CERTIFICATE: {
    meaning:
      "The server's certificate is invalid (expired, not yet valid, revoked, or its chain is incomplete).",
    howToSolve: "Renew or fix the certificate on the server; the message carries the OPC UA status.",
  },
  ONRAMP_OPCUA_AUTH_FAILED: {
    meaning:
      "The server refused the session's user identity (anonymous not allowed, or wrong user name or password).",
    howToSolve:
      "Set user= and password=env:VAR or password=file:PATH in the URL with an account the server accepts.",
  },
  ONRAMP_OPCUA_SECRET_UNAVAILABLE: {
    meaning: "The password reference (environment variable or file) could not be read.",
    howToSolve: "Export the variable or create the file readable by the agent; the message names which.",
  },
  ONRAMP_OPCUA_SESSION_FAILED: {
    meaning: "The secure channel or the session could not be established for another reason.",
    howToSolve: "Read the OPC UA status in the message; check the server's session limits and logs.",
  },
  ONRAMP_OPCUA_NO_SECURED_ENDPOINT: {
    meaning:
      "A challenge reply carries no device proof: the server offers no Sign/SignAndEncrypt endpoint with Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss.",
    howToSolve:
      "Enable one of those endpoints on the server (the data connection may stay as it is); the challenge still passes without a proof.",
  },
  ONRAMP_OPCUA_DEVICE_PROOF_FAILED: {
    meaning:
      "The server has a secured endpoint but the short session that asks it to sign a challenge failed (channel refused, session refused, no signature).",
    howToSolve:
      "Let the server accept the agent's application certificate (its own trust list) and allow one more session; the message carries the OPC UA status.",
  },
  ONRAMP_OPCUA_ROOT_UNRESOLVED: {
    meaning: "The device root (root= or the profile's root) is not in the server's address space.",
    howToSolve: "Browse the server with `onramp-agent probe --connection <url> --browse /` and fix root=.",
  },
  ONRAMP_OPCUA_NODE_UNRESOLVED: {
    meaning:
      "A signal's browse path or node id is not on the server; that signal is bad, the others keep working.",
    howToSolve:
      "The message names the first missing path element: use a model profile with the server's instance names, or fix root=.",
  },
  ONRAMP_OPCUA_NAMESPACE_UNKNOWN: {
    meaning: "A namespace alias of the profile maps to a URI the server does not publish.",
    howToSolve:
      "Compare the profile's namespaces with the server's NamespaceArray (shown by probe --browse).",
  },
  ONRAMP_OPCUA_CONNECTION_LOST: {
    meaning:
      "The connection to the server broke; the driver reconnects and transfers or re-creates its subscription.",
    howToSolve: "Nothing, if it recovers; otherwise check the network and the server.",
  },
  ONRAMP_OPCUA_SILENT_SUBSCRIPTION: {
    meaning:
      "The connection was up but the subscription delivered neither data nor keep-alives past its bound; it was re-created and the gap reported.",
    howToSolve:
      "Occasional: nothing. Repeated: the server or a network device drops publish traffic; check them.",
  },
  ONRAMP_OPCUA_SUBSCRIPTION_FAILED: {
    meaning: "The subscription or its monitored items could not be created.",
    howToSolve: "Read the status in the message; mode=poll reads without a subscription.",
  },
  ONRAMP_OPCUA_BAD_STATUS: {
    meaning:
      "The server answered a Bad status for a signal's value (e.g. BadOutOfService, BadNotReadable, BadUserAccessDenied).",
    howToSolve:
      "The message names the status code and its meaning: check the machine's state or the user's access rights on the server.",
  },
  ONRAMP_OPCUA_ROOT_REQUIRED: {
    meaning:
      "No browse path of the profile is found below Objects and no device root is given (no root= in the URL, none in the profile).",
    howToSolve:
      "Add root= with the device object's browse path to the URL (e.g. root=machinery:Machines/mt:Lathe1); `probe --browse` lists the candidates.",
  },
  ONRAMP_OPCUA_READ_FAILED: {
    meaning: "A Read service call failed (timeout, connection, or a Bad service result).",
    howToSolve: "Check the connection; the message carries the OPC UA status.",
  },
  ONRAMP_OPCUA_IDENTITY_UNAVAILABLE: {
    meaning: "The identity the profile asks for could not be read (missing fields, no certificate).",
    howToSolve: "Check the profile's identity method against what the server provides.",
  },
  ONRAMP_OPCUA_CLOSED: {
    meaning: "The driver was closed while a request was pending.",
    howToSolve: "Nothing: it is the normal outcome of a shutdown.",
  },
} as const;

export type OpcuaErrorCode = keyof typeof OPCUA_ERRORS;

export function cause(code: OpcuaErrorCode, message: string): DriverCause {
  return { code, message };
}

/** The text of a thrown value (node-opcua rejects with Errors whose message carries the status). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Socket-level failures: the server is not there (as opposed to refusing us). */
export function isUnreachable(error: unknown): boolean {
  return /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET|EAI_AGAIN|timed out|socket has been disconnected|premature/i.test(
    messageOf(error),
  );
}
