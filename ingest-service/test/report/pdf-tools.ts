// poppler-utils (Debian): `pdftotext` reads a PDF's text back, `pdftoppm` renders its pages to PNG.
import { execFile } from "node:child_process";
import { access, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

async function need(binary: string): Promise<void> {
  try {
    await access(`/usr/bin/${binary}`);
  } catch {
    throw new Error(`/usr/bin/${binary} not found: install it with \`apt-get install -y poppler-utils\``);
  }
}

/** The PDF's text with every run of whitespace as one space, and its page count. */
export async function pdfText(file: string): Promise<{ text: string; pages: number }> {
  await need("pdftotext");
  const { stdout } = await run("/usr/bin/pdftotext", ["-enc", "UTF-8", file, "-"], { maxBuffer: 64 << 20 });
  const pages = stdout.split("\f").filter((p) => p.trim() !== "").length;
  return { text: stdout.replace(/\s+/g, " "), pages };
}

/** Renders every page to `{dir}/{name}-{n}.png` at `dpi`; returns the file names, in page order. */
export async function pdfPages(file: string, dir: string, name: string, dpi = 70): Promise<string[]> {
  await need("pdftoppm");
  const page = new RegExp(`^${name.replace(/[.*+?^$()|[\]\\]/g, "\\$&")}-\\d+\\.png$`);
  for (const old of (await readdir(dir)).filter((f) => page.test(f))) await rm(join(dir, old));
  const prefix = join(dir, `${name}.tmp`);
  await run("/usr/bin/pdftoppm", ["-png", "-r", String(dpi), file, prefix]);
  // pdftoppm pads page numbers to the page count's width (-1 or -01): normalise to -1, -2 …
  const written = (await readdir(dir)).filter((f) => f.startsWith(`${name}.tmp-`)).sort();
  const names: string[] = [];
  for (const f of written) {
    const page = Number(f.slice(`${name}.tmp-`.length, -".png".length));
    const target = `${name}-${page}.png`;
    await rename(join(dir, f), join(dir, target));
    names.push(target);
  }
  return names.sort((a, b) => Number(a.match(/-(\d+)\.png$/)?.[1]) - Number(b.match(/-(\d+)\.png$/)?.[1]));
}
