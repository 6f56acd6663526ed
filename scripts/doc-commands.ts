// The shell commands the documentation shows, as the doc test (doc-commands.test.ts) reads them.
//
// Every fenced block whose info string starts with sh, bash, shell or console is a command block.
// It is either RUN by the doc test — in document order in one scratch directory, with
// `onramp-agent`, `onramp-ingest` and `onramp-verify` on PATH as the bins of this checkout and
// MODBUS_URL / OPCUA_URL / INGEST_URL (+ ENROLL_TOKEN, STATUS_PORT) naming the peers the test
// starts (a pymodbus Eastron meter, the OPC UA PLC simulator, an ingest service) — or marked
// ILLUSTRATIVE with a second word in the info string:
//
//   ```sh illustrative
//   sudo systemctl enable --now onramp-agent
//   ```
//
// (GitHub still highlights it as sh.) Illustrative is for commands that need root, a real
// network, a server left running or a placeholder (`<url>`, `oet_…`); everything else runs.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

export interface CommandBlock {
  /** Path from the repository root. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly isIllustrative: boolean;
  readonly script: string;
}

const FENCE = /^```(sh|bash|shell|console)(?:\s+(\S+))?\s*$/;

export function commandBlocks(markdown: string, file: string): CommandBlock[] {
  const blocks: CommandBlock[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? "");
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i += 1; i < lines.length && !(lines[i] ?? "").startsWith("```"); i++) body.push(lines[i] ?? "");
    if (open[2] !== undefined && open[2] !== "illustrative")
      throw new Error(`${file}:${start + 1}: unknown fence marker "${open[2]}" (only "illustrative")`);
    blocks.push({
      file,
      line: start + 1,
      isIllustrative: open[2] === "illustrative",
      script: body.join("\n"),
    });
  }
  return blocks;
}

/** README.md, every package's and driver's README, and everything under docs/ folders. */
export function documentationFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "dist") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (
        entry.name.endsWith(".md") &&
        (entry.name === "README.md" || /(^|\/)docs\//.test(relative(root, path)))
      )
        out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}

export function allCommandBlocks(root: string): CommandBlock[] {
  return documentationFiles(root).flatMap((file) =>
    commandBlocks(readFileSync(join(root, file), "utf8"), file),
  );
}
