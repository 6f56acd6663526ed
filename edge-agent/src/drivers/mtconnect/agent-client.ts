import { type Parsed, parseDocument } from "./documents.js";
import type { MtconnectEndpoint } from "./url.js";

export type Fetched =
  | { readonly ok: true; readonly document: Exclude<Parsed, { kind: "invalid" }> }
  | { readonly ok: false; readonly kind: "unreachable" | "http" | "bad-document"; readonly detail: string };

/** One HTTP request to the agent (`probe`, `current`, `sample?from=…`), its answer read as a document. */
export async function fetchDocument(endpoint: MtconnectEndpoint, request: string): Promise<Fetched> {
  const prefix = endpoint.device === undefined ? "" : `${encodeURIComponent(endpoint.device)}/`;
  const url = `${endpoint.base}${prefix}${request}`;
  let response: Response;
  let body: string;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(endpoint.timeoutMs),
      headers: { accept: "application/xml" },
    });
    body = await response.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const detail =
      (error as Error).name === "TimeoutError"
        ? `no answer within ${endpoint.timeoutMs} ms`
        : (cause ?? (error as Error).message);
    return { ok: false, kind: "unreachable", detail: `GET ${url}: ${detail}` };
  }
  const document = parseDocument(body);
  // Agents answer errors (OUT_OF_RANGE, NO_DEVICE…) with a 4xx status and an MTConnectError body.
  if (document.kind !== "invalid") return { ok: true, document };
  if (!response.ok) return { ok: false, kind: "http", detail: `GET ${url}: HTTP ${response.status}` };
  return { ok: false, kind: "bad-document", detail: `GET ${url}: ${document.message}` };
}
