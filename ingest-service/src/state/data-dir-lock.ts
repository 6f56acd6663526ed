import { mkdir, open, readFile, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { IngestError } from "../errors.js";

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * An exclusive lock on the embedded state directory, held by whoever opened it (`serve`, or a
 * CLI command) until it closes it. PGlite is an in-process database: a second process opening the
 * same files writes changes the first never reads, and may overwrite (issue 17: a token created
 * beside a running `serve` was refused, even after a restart). The lock file holds the holder's
 * pid; a file left by a process that no longer runs (kill -9) is taken over.
 */
export async function lockDataDir(lockPath: string): Promise<DataDirLock> {
  await mkdir(dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const file = await open(lockPath, "wx");
      await file.writeFile(`${process.pid}\n`);
      await file.close();
      return { release: () => unlink(lockPath).catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(await readFile(lockPath, "utf8").catch(() => ""), 10);
    if (Number.isInteger(holder) && isRunning(holder)) {
      throw new IngestError(
        "ONRAMP_DATA_DIR_LOCKED",
        `process ${holder} holds ${dirname(lockPath)} (lock file ${lockPath}); make the change through its API, or stop it first`,
      );
    }
    // Stale (its holder is gone) or half-written: remove it and try again.
    await unlink(lockPath).catch(() => undefined);
  }
  throw new IngestError("ONRAMP_DATA_DIR_LOCKED", `could not take the lock ${lockPath}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
