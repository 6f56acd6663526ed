// The ingest under test, as the demo starts it (`onramp-ingest token create`, then `serve` through
// its CLI: embedded broker, embedded state and telemetry, the profile library), with an optional
// JSON config carrying overrides of the ingest's config — indicator parameters and the copied-stream
// scan's interval — documented in README.md "Overrides".
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Children } from "../../scripts/demo/children.js";
import { Api, freePort, INGEST_BIN, PROFILES } from "../../scripts/demo/ingest.js";

export async function startIngestUnderTest(
  children: Children,
  dataDir: string,
  configOverrides: Record<string, unknown> | undefined,
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
  // Every forged gateway enrolls from 127.0.0.1: the default enrollment rate limit (10 a minute
  // per address, meant against token guessing) would refuse the suite's ~22 gateways.
  const config = { limits: { enrollBurst: 64, enrollPerMinute: 120 }, ...configOverrides };
  const file = join(dataDir, "fraud-config.json");
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
  const configArgs = ["--config", file];
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
