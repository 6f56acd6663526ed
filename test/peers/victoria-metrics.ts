import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopChild } from "./child.js";
import { freePort } from "./ports.js";
import { waitFor } from "./wait.js";

export interface VictoriaMetrics {
  readonly url: string;
  readonly pid: number;
  /** Series matching a selector, from `/api/v1/export` (JSON lines), after a forced flush. */
  exportSeries(match: string): Promise<ExportedSeries[]>;
  stop(): Promise<void>;
}

export interface ExportedSeries {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

function findVictoriaMetrics(): string {
  for (const path of ["/usr/bin/victoria-metrics", "/usr/local/bin/victoria-metrics"]) {
    if (spawnSync(path, ["-version"]).error === undefined) return path;
  }
  throw new Error('victoria-metrics is not installed: install it with "apt-get install -y victoria-metrics"');
}

/**
 * VictoriaMetrics on 127.0.0.1 with a temp storage dir. It accepts the InfluxDB v2 write API
 * (metric = measurement_field, tags = labels). Retention is 100 years: points older than the
 * retention are dropped silently although the write answers 204 (PEERS.md).
 */
export async function startVictoriaMetrics(): Promise<VictoriaMetrics> {
  const binary = findVictoriaMetrics();
  const dir = await mkdtemp(join(tmpdir(), "onramp-vm-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let stderr = "";
  const child: ChildProcess = spawn(
    binary,
    [
      `-storageDataPath=${dir}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      "-retentionPeriod=100y",
      "-search.latencyOffset=0s",
      // Samples with one timestamp collapse to one, as InfluxDB overwrites a point (idempotent rewrite).
      "-dedup.minScrapeInterval=1ms",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const stop = async () => {
    await stopChild(child, 5_000);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      "victoria-metrics to answer /health",
      async () => {
        if (child.exitCode !== null)
          throw new Error(`victoria-metrics exited with ${child.exitCode}: ${stderr}`);
        return fetch(`${url}/health`).then(
          (r) => r.ok,
          () => false,
        );
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    pid: child.pid ?? -1,
    async exportSeries(match) {
      // Makes just-written samples searchable now instead of after the in-memory flush interval.
      await fetch(`${url}/internal/force_flush`);
      const response = await fetch(`${url}/api/v1/export?${new URLSearchParams({ "match[]": match })}`);
      if (!response.ok) throw new Error(`export answered ${response.status}: ${await response.text()}`);
      const text = await response.text();
      return text
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as ExportedSeries);
    },
    stop,
  };
}
