import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";

/**
 * Test-only MTConnect peer: serves fixed MTConnect answers (documents/, written for these tests
 * from the standard's element vocabulary; documents/README.md says why not the reference agent's)
 * over HTTP on 127.0.0.1, for the device `VMC-3`. A test changes only the `Header` of an answer as
 * it is served — its instanceId and sequence numbers — to make an agent restart or a buffer
 * overflow; element content is never touched. No MTConnect agent installs from npm or Debian.
 */
const DIR = new URL("./documents/", import.meta.url);
export const DEVICE = "VMC-3";
const UUID = "onramp-test-vmc-3";
export const PROBE = readFileSync(new URL("probe.xml", DIR), "utf8");
export const CURRENT = readFileSync(new URL("current.xml", DIR), "utf8");
export const SAMPLE = readFileSync(new URL("sample.xml", DIR), "utf8");

export type HeaderEdit = Partial<
  Record<"instanceId" | "firstSequence" | "nextSequence" | "lastSequence", string | number>
>;

/** The document with attributes of its `<Header …/>` replaced, and nothing else. */
export function withHeader(xml: string, edit: HeaderEdit): string {
  return xml.replace(/<Header [^>]*\/>/, (header) =>
    Object.entries(edit).reduce(
      (h, [name, value]) => h.replace(new RegExp(`${name}="[^"]*"`), `${name}="${value}"`),
      header,
    ),
  );
}

export interface DocumentAgent {
  readonly port: number;
  /** Request paths with their query, in order (`/VMC-3/sample?from=…`). */
  readonly requests: string[];
  /** Header edits applied to every answer from now on (e.g. a new instanceId after a "restart"). */
  header: HeaderEdit;
  /** The /sample answers to give, in order; once used up, /sample repeats the last one. */
  samples: string[];
  close(): Promise<void>;
}

export async function startDocumentAgent(): Promise<DocumentAgent> {
  let lastSample = withHeader(SAMPLE, {});
  const agent: DocumentAgent = {
    port: 0,
    requests: [],
    header: {},
    samples: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const url = req.url ?? "/";
    agent.requests.push(url);
    const path = url.split("?")[0] ?? "";
    const request = path.split("/").filter((s) => s !== "");
    // /probe or /VMC-3/probe (the device the URL names, by name or uuid), as agents route them.
    if (request.length === 2 && request[0] !== DEVICE && request[0] !== UUID) {
      res.writeHead(404, { "content-type": "application/xml" }).end("<MTConnectError/>");
      return;
    }
    const what = request.at(-1);
    let body: string | undefined;
    if (what === "probe") body = PROBE;
    else if (what === "current") body = CURRENT;
    else if (what === "sample") {
      lastSample = agent.samples.shift() ?? lastSample;
      body = lastSample;
    }
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/xml" }).end(withHeader(body, agent.header));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  (agent as { port: number }).port = typeof address === "object" && address ? address.port : 0;
  return agent;
}
