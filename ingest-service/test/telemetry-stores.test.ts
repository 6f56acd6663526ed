import { afterAll } from "vitest";
import { startInfluxd } from "../../test/peers/influxd.js";
import { startVictoriaMetrics, type VictoriaMetrics } from "../../test/peers/victoria-metrics.js";
import { openState } from "../src/state/open-state.js";
import { EmbeddedStore } from "../src/store/embedded.js";
import { ensureInfluxV1Database, InfluxV1Store } from "../src/store/influx-v1.js";
import { InfluxV2Store } from "../src/store/influx-v2.js";
import { MEASUREMENT } from "../src/store/line-protocol.js";
import type { SignalPoint, SignalQuery, SignalReader } from "../src/store/telemetry-store.js";
import { freshDataDir, removeDataDirs } from "./helpers/data-dir.js";
import { describeTelemetryStoreContract } from "./telemetry-store-contract.js";

afterAll(removeDataDirs);

describeTelemetryStoreContract("embedded (PGlite table)", async () => {
  const sql = await openState({ dataDir: await freshDataDir(), postgresUrl: undefined });
  return { store: new EmbeddedStore(sql), close: () => sql.close() };
});

describeTelemetryStoreContract("InfluxDB 1.x (/write + InfluxQL)", async () => {
  const influxd = await startInfluxd();
  const opts = { url: influxd.url, db: "onramp" };
  await ensureInfluxV1Database(opts);
  return { store: new InfluxV1Store(opts), close: () => influxd.destroy() };
});

/**
 * Reads VictoriaMetrics back through its export API: metric `onramp_device_<signal>`, labels
 * = tags. Test-only: in production the v2 adapter reads through InfluxQL (InfluxDB 2.x/3.x).
 */
function victoriaReader(vm: VictoriaMetrics): SignalReader {
  return {
    async readSignal(q: SignalQuery): Promise<SignalPoint[]> {
      const selector = `${MEASUREMENT}_${q.signal}{enterprise="${q.ent}",gateway="${q.gw}",device="${q.dev}"}`;
      const points: SignalPoint[] = [];
      for (const series of await vm.exportSeries(selector)) {
        series.timestamps.forEach((t, i) => {
          if (t >= q.from && t < q.to) points.push({ t, value: series.values[i] ?? null, quality: "good" });
        });
      }
      return points.sort((a, b) => a.t - b.t).slice(0, q.limit);
    },
  };
}

describeTelemetryStoreContract(
  "InfluxDB v2 write API (@influxdata/influxdb-client) into VictoriaMetrics",
  async () => {
    const vm = await startVictoriaMetrics();
    const store = new InfluxV2Store({
      url: vm.url,
      token: "unused",
      org: "onramp",
      bucket: "onramp",
      reader: victoriaReader(vm),
    });
    return {
      store,
      close: async () => {
        await store.close();
        await vm.stop();
      },
    };
  },
  { isNumericOnly: true },
);
