import { readFile } from "node:fs/promises";
import type { ErrorCode } from "../errors.js";
import type { ProfileError } from "./profile-error.js";

export type TextFile =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly errors: ProfileError[] };

/** How to report a file that does not exist, when that means something more specific than "unreadable". */
export interface MissingFile {
  readonly code: ErrorCode;
  readonly message: string;
}

/** The loaders' only I/O: a missing or unreadable file is an expected failure, returned as a value. */
export async function readTextFile(path: string, file: string, missing?: MissingFile): Promise<TextFile> {
  try {
    return { ok: true, text: await readFile(path, "utf8") };
  } catch (e) {
    const isMissing = (e as { code?: unknown }).code === "ENOENT";
    const reason = e instanceof Error ? e.message : String(e);
    const { code, message }: MissingFile =
      isMissing && missing
        ? missing
        : { code: "ONRAMP_PROFILE_UNREADABLE", message: `cannot read the file: ${reason}` };
    const error: ProfileError = { code, file, line: 1, column: 1, path: "", message };
    return { ok: false, errors: [error] };
  }
}
