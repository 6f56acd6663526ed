/**
 * RFC 4180 CSV with a UTF-8 byte-order mark: without it Excel reads UTF-8 as the local ANSI code
 * page (GBK on Chinese Windows) and garbles every Chinese character.
 */
export function csvBlob(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): Blob {
  const cell = (v: string | number | null) => {
    const text = v === null ? "" : String(v);
    // A leading = + - @ would make Excel evaluate the cell as a formula (CSV injection).
    const safe = /^[=+\-@]/.test(text) && typeof v === "string" ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const lines = [header, ...rows].map((row) => row.map(cell).join(","));
  return new Blob(["\uFEFF", `${lines.join("\r\n")}\r\n`], { type: "text/csv;charset=utf-8" });
}
