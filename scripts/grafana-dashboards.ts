// Writes one Grafana dashboard per enterprise into docker/grafana/dashboards/ (provisioned by
// docker/grafana/provisioning/dashboards/onramp.yaml). Default: the demo park's enterprises.
//   npx tsx scripts/grafana-dashboards.ts [--enterprises acme-parts,hall-works]
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { planPark } from "./demo/park.js";

const OUT_DIR = join(import.meta.dirname, "../docker/grafana/dashboards");
const DATASOURCE = { type: "influxdb", uid: "onramp-influxdb" };

/** Flux over the ingest's layout: measurement onramp_device, tags enterprise/gateway/device, a field per signal. */
function flux(ent: string, fields: readonly string[], aggregate: "mean" | "last"): string {
  const match = fields.map((f) => `r._field == "${f}"`).join(" or ");
  return [
    "from(bucket: v.defaultBucket)",
    "  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)",
    `  |> filter(fn: (r) => r._measurement == "onramp_device" and r.enterprise == "${ent}")`,
    `  |> filter(fn: (r) => ${match})`,
    `  |> aggregateWindow(every: v.windowPeriod, fn: ${aggregate}, createEmpty: false)`,
    '  |> map(fn: (r) => ({ r with _field: r.gateway + "/" + r.device + " " + r._field }))',
  ].join("\n");
}

function panel(
  id: number,
  title: string,
  type: string,
  query: string,
  unit: string,
  y: number,
  x = 0,
  w = 12,
) {
  return {
    id,
    title,
    type,
    datasource: DATASOURCE,
    gridPos: { x, y, w, h: 8 },
    fieldConfig: { defaults: { unit }, overrides: [] },
    targets: [{ refId: "A", datasource: DATASOURCE, query }],
  };
}

export function enterpriseDashboard(ent: string, title: string) {
  return {
    uid: `onramp-${ent}`.slice(0, 40),
    title,
    tags: ["onramp", ent],
    timezone: "browser",
    refresh: "10s",
    schemaVersion: 39,
    time: { from: "now-1h", to: "now" },
    panels: [
      panel(1, "Active power", "timeseries", flux(ent, ["power_active"], "mean"), "none", 0),
      panel(
        2,
        "Energy (kWh)",
        "timeseries",
        flux(ent, ["energy_import", "energy_active_delivered"], "last"),
        "kwatth",
        0,
        12,
      ),
      panel(3, "Execution state", "state-timeline", flux(ent, ["execution"], "last"), "none", 8, 0, 24),
      panel(4, "Spindle speed (r/min)", "timeseries", flux(ent, ["spindle_speed"], "mean"), "rpm", 16),
      panel(5, "Part count", "timeseries", flux(ent, ["part_count"], "last"), "none", 16, 12),
    ],
  };
}

const { values } = parseArgs({ options: { enterprises: { type: "string" } } });
const enterprises = values.enterprises
  ? values.enterprises.split(",").map((id) => ({ id, name: id }))
  : planPark(4).map((e) => ({ id: e.id, name: e.name }));
await mkdir(OUT_DIR, { recursive: true });
for (const ent of enterprises) {
  const file = join(OUT_DIR, `${ent.id}.json`);
  await writeFile(file, `${JSON.stringify(enterpriseDashboard(ent.id, `Onramp — ${ent.name}`), null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}
