// The ingest under test, as the demo starts it (`onramp-ingest token create`, then `serve` through
// its CLI: embedded broker, embedded state and telemetry, the profile library), with an optional
// JSON config carrying indicator-parameter overrides (documented in README.md).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Children } from "../../scripts/demo/children.js";
import { Api, freePort, INGEST_BIN, PROFILES } from "../../scripts/demo/ingest.js";

export async function startIngestUnderTest(
  children: Children,
  dataDir: string,
  indicatorOverrides: Record<string, unknown> | undefined,
): Promise<{ api: Api; url: string }> {
  const admin = (
    await children.run("ingest-token", [
      INGEST_BIN,
      "token",
      "create",
      "--role",
      "admin",
      "--name",
      "fraud-admin",
      "--data-dir",
      dataDir,
    ])
  ).trim();
  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  const configArgs: string[] = [];
  if (indicatorOverrides !== undefined) {
    const file = join(dataDir, "fraud-config.json");
    await writeFile(file, `${JSON.stringify({ indicators: indicatorOverrides }, null, 2)}\n`);
    configArgs.push("--config", file);
  }
  const child = children.start("ingest", [
    INGEST_BIN,
    "serve",
    ...configArgs,
    "--data-dir",
    dataDir,
    "--http-port",
    String(httpPort),
    "--mqtt-port",
    String(mqttPort),
    "--profiles",
    PROFILES,
  ]);
  const url = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.process.exitCode !== null) throw new Error("the ingest service exited: see its log");
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error("the ingest service was not ready within 90 s");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { api: new Api(url, admin), url };
}
