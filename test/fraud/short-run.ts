// The short (CI-sized) run's settings file (README.md "Overrides"): overrides of the ingest's
// config and the honest plant's simulated speed, validated so a typo fails loudly.
import { readFile } from "node:fs/promises";
import { z } from "zod";

const ShortRunSchema = z.strictObject({
  /** Merged into the ingest's config file: `indicators`, `copiedStreamScan`. */
  ingest: z.record(z.string(), z.unknown()),
  /** Simulated seconds per real second of the honest agent's simulators. */
  plantSpeed: z.number().positive().default(1),
  /** How far behind the source the copied-stream scenarios play their copy. */
  copyShiftMs: z.int().positive().default(90_000),
});
export type ShortRun = z.infer<typeof ShortRunSchema>;

export async function readShortRun(file: string): Promise<ShortRun> {
  return ShortRunSchema.parse(JSON.parse(await readFile(file, "utf8")));
}
