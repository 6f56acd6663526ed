import { rename, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { IngestError } from "../errors.js";

/**
 * `onramp-ingest report`: downloads an enterprise's diagnosis report PDF from a running service.
 *
 * It talks to the API rather than reading the store: a running `serve` holds the embedded state
 * directory's lock (ONRAMP_DATA_DIR_LOCKED), the server owns Chromium and its queue, and the token
 * scopes what the caller may print exactly as the dashboard's download does. The token comes from
 * the environment (ONRAMP_API_TOKEN), never argv, which `ps` shows to every user.
 */
export const REPORT_USAGE = `onramp-ingest report --enterprise ID --out FILE.pdf [--server URL] [--from T] [--to T] [--lang zh|en]
  prints the enterprise's diagnosis report (数字化评估诊断报告) through the API of a running service
  ONRAMP_API_TOKEN   an API token (enterprise for its own, bureau or admin for any)
  --server URL       the service (default $ONRAMP_SERVER or http://127.0.0.1:8080)
  --from, --to       epoch ms or an ISO 8601 date/time (default: the last 24 h)
  --lang             zh (default) or en`;

const REPORT_OPTIONS = {
  enterprise: { type: "string" },
  out: { type: "string" },
  server: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean" },
} as const;

/** A time given as epoch ms or as ISO 8601 text ("2026-12-01", "2026-12-01T08:00+08:00"). */
const TimeArg = z
  .string()
  .transform((text, ctx) => {
    const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: "custom", message: `not epoch ms or an ISO 8601 time: ${text}` });
      return z.NEVER;
    }
    return ms;
  })
  .optional();

const ReportArgs = z.strictObject({
  enterprise: z.string().min(1, "--enterprise is required"),
  out: z.string().min(1, "--out is required"),
  server: z.url().default(process.env.ONRAMP_SERVER ?? "http://127.0.0.1:8080"),
  from: TimeArg,
  to: TimeArg,
  lang: z.enum(["zh", "en"]).default("zh"),
  token: z.string().min(1, "set ONRAMP_API_TOKEN to an API token"),
});

const ApiErrorBody = z.object({ code: z.string(), message: z.string(), solution: z.string().optional() });

export async function reportCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({ args: argv, options: REPORT_OPTIONS, strict: true });
  if (values.help) {
    process.stdout.write(`${REPORT_USAGE}\n`);
    return 0;
  }
  const { help: _help, ...given } = values;
  const parsed = ReportArgs.safeParse({ ...given, token: env.ONRAMP_API_TOKEN ?? "" });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new IngestError("ONRAMP_API_VALIDATION", `${path}${issue?.message ?? "invalid"}`);
  }
  const args = parsed.data;
  const url = new URL(`/api/v1/enterprises/${encodeURIComponent(args.enterprise)}/report.pdf`, args.server);
  url.searchParams.set("lang", args.lang);
  if (args.from !== undefined) url.searchParams.set("from", String(args.from));
  if (args.to !== undefined) url.searchParams.set("to", String(args.to));
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${args.token}` } });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    process.stderr.write(`cannot reach ${url.origin}: ${cause} (is onramp-ingest serve running? --server)\n`);
    return 1;
  }
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) {
    const error = ApiErrorBody.safeParse(JSON.parse(body.toString("utf8") || "{}"));
    const retry = response.headers.get("retry-after");
    process.stderr.write(
      error.success
        ? `${error.data.code}: ${error.data.message}${retry === null ? "" : ` (retry after ${retry} s)`}\n${error.data.solution ?? ""}\n`
        : `HTTP ${response.status} from ${url.origin}\n`,
    );
    return 1;
  }
  if (
    response.headers.get("content-type") !== "application/pdf" ||
    body.subarray(0, 5).toString() !== "%PDF-"
  ) {
    process.stderr.write(
      `${url.origin} did not answer a PDF (content-type ${response.headers.get("content-type")})\n`,
    );
    return 1;
  }
  // Written beside the target and renamed, so a failed run never leaves half a PDF under its name.
  const partial = `${args.out}.partial`;
  await writeFile(partial, body);
  await rename(partial, args.out);
  process.stdout.write(`${args.out}: ${body.length} bytes\n`);
  return 0;
}
