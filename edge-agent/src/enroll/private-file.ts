import { randomBytes } from "node:crypto";
import { open, rename } from "node:fs/promises";
import { dirname, join } from "node:path";

/**
 * Writes a secret file readable by its owner only (0600 from creation, never widened), durably:
 * temp file, fsync, rename, fsync of the folder, so a power cut leaves the old file or the new one.
 */
export async function writePrivateFile(path: string, content: string): Promise<void> {
  const temp = join(dirname(path), `.${randomBytes(6).toString("hex")}.tmp`);
  const file = await open(temp, "wx", 0o600);
  try {
    await file.writeFile(content, "utf8");
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
  const folder = await open(dirname(path), "r");
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
