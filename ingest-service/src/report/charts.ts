/**
 * The report's charts as inline SVG strings: no script and no chart library in the printed page,
 * so Chromium prints exactly what this returns, and a test can read it. Colours are the
 * dashboard's status colours (web/src/styles.css).
 */

export const STATUS_COLOURS = {
  online: "#1d6b2a",
  stale: "#c98a00",
  offline: "#a4001d",
  never: "#c4c8cf",
} as const;
export type ChartStatus = keyof typeof STATUS_COLOURS;

export function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const WIDTH = 680;
const LABEL_WIDTH = 150;
const ROW = 20;
const BAR = 13;

export interface TimelineRow {
  readonly label: string;
  readonly intervals: readonly { readonly from: number; readonly to: number; readonly status: ChartStatus }[];
}

/**
 * One strip per device over the period, coloured by presence status (INDICATORS §3), with the
 * period's start, middle and end written under it by `tick`.
 */
export function timelineSvg(
  rows: readonly TimelineRow[],
  period: { readonly from: number; readonly to: number },
  tick: (t: number) => string,
  title: string,
): string {
  const span = Math.max(1, period.to - period.from);
  const plot = WIDTH - LABEL_WIDTH - 10;
  const x = (t: number) =>
    LABEL_WIDTH + ((Math.min(Math.max(t, period.from), period.to) - period.from) / span) * plot;
  const height = rows.length * ROW + 28;
  const strips = rows.map((row, i) => {
    const y = i * ROW + 4;
    const parts = row.intervals
      .filter((iv) => iv.to > period.from && iv.from < period.to)
      .map((iv) => {
        const x0 = x(iv.from);
        const w = Math.max(0.5, x(iv.to) - x0);
        return `<rect x="${x0.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR}" fill="${STATUS_COLOURS[iv.status]}"/>`;
      });
    return [
      `<text x="${LABEL_WIDTH - 6}" y="${y + BAR - 2}" text-anchor="end">${escapeXml(row.label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${plot}" height="${BAR}" fill="#f0f1f4"/>`,
      ...parts,
    ].join("");
  });
  const axisY = rows.length * ROW + 18;
  const ticks = [period.from, period.from + span / 2, period.to].map(
    (t, i) =>
      `<text x="${x(t).toFixed(1)}" y="${axisY}" text-anchor="${["start", "middle", "end"][i]}">${escapeXml(tick(t))}</text>`,
  );
  return svg(height, title, [...strips, ...ticks]);
}

export interface BarRow {
  readonly label: string;
  /** A share in [0, 1], or null when not computable (drawn as "—", never as 0). */
  readonly value: number | null;
}

/** Horizontal bars of shares in percent, with the threshold as a dashed line when given. */
export function barsSvg(
  rows: readonly BarRow[],
  title: string,
  options: { readonly threshold?: number; readonly percent: (v: number) => string },
): string {
  const plot = WIDTH - LABEL_WIDTH - 70;
  const height = rows.length * ROW + 10;
  const bars = rows.map((row, i) => {
    const y = i * ROW + 4;
    const label = `<text x="${LABEL_WIDTH - 6}" y="${y + BAR - 2}" text-anchor="end">${escapeXml(row.label)}</text>`;
    const track = `<rect x="${LABEL_WIDTH}" y="${y}" width="${plot}" height="${BAR}" fill="#f0f1f4"/>`;
    if (row.value === null)
      return `${label}${track}<text x="${LABEL_WIDTH + 4}" y="${y + BAR - 2}" fill="#4a5260">—</text>`;
    const w = Math.max(0, Math.min(1, row.value)) * plot;
    const below = options.threshold !== undefined && row.value < options.threshold;
    return `${label}${track}<rect x="${LABEL_WIDTH}" y="${y}" width="${w.toFixed(1)}" height="${BAR}" fill="${below ? "#8a5300" : "#0b4f96"}"/><text x="${(LABEL_WIDTH + plot + 6).toFixed(1)}" y="${y + BAR - 2}">${escapeXml(options.percent(row.value))}</text>`;
  });
  const line =
    options.threshold === undefined
      ? []
      : [
          `<line x1="${(LABEL_WIDTH + options.threshold * plot).toFixed(1)}" x2="${(LABEL_WIDTH + options.threshold * plot).toFixed(1)}" y1="0" y2="${height}" stroke="#1a1a1a" stroke-dasharray="4 3"/>`,
        ];
  return svg(height, title, [...bars, ...line]);
}

function svg(height: number, title: string, body: readonly string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-size="11"><title>${escapeXml(title)}</title>${body.join("")}</svg>`;
}
