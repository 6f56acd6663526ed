/**
 * The printed report's stylesheet: the dashboard's palette, table rules and status colours
 * (web/src/styles.css) set for A4 paper. The font list puts WenQuanYi Micro Hei (Debian
 * fonts-wqy-microhei) after the dashboard's, so a server without the desktop fonts still prints
 * Chinese rather than boxes.
 */
export const REPORT_CSS = `
@page { size: A4; margin: 14mm 12mm 16mm; }
:root { font-family: system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: #1a1a1a; line-height: 1.45; font-size: 10.5pt; }
body { margin: 0; }
header.cover { border-top: 6px solid #12355b; padding-top: 6px; margin-bottom: 8px; }
.brand { font-weight: 700; color: #12355b; }
h1 { font-size: 20pt; margin: 4px 0 2px; color: #12355b; }
.subtitle { margin: 0 0 8px; color: #4a5260; }
h2 { font-size: 13pt; margin: 14px 0 6px; color: #12355b; border-bottom: 1px solid #d4d8de; break-after: avoid; }
h3 { font-size: 11pt; margin: 10px 0 4px; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { border: 1px solid #d4d8de; padding: 3px 6px; text-align: left; vertical-align: top; }
thead th { background: #e8eef6; }
tr { break-inside: avoid; }
table.kv th { width: 34%; background: #f7f8fa; font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; }
dl.facts dt { color: #4a5260; }
dl.facts dd { margin: 0; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; }
.muted { color: #4a5260; }
.code { font-size: 8.5pt; }
.ok, .verdict-met { color: #1d6b2a; font-weight: 600; }
.verdict-notMet { color: #a4001d; font-weight: 600; }
.not-judged, .verdict-notJudged, .verdict-noTarget { color: #4a5260; }
.severity-failure td:nth-child(2) { color: #a4001d; font-weight: 600; }
.severity-warning td:nth-child(2) { color: #8a5300; }
.level-live-verified { color: #1d6b2a; }
.level-consistent { color: #0b4f96; }
.level-connected { color: #8a5300; }
.level-declared { color: #4a5260; }
tr.differs td { background: #fff4e5; }
figure { margin: 6px 0 10px; break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 2px; }
.legend { margin-right: 10px; }
.legend-online { color: #1d6b2a; } .legend-stale { color: #c98a00; } .legend-offline { color: #a4001d; } .legend-never { color: #c4c8cf; }
ul { margin: 2px 0; padding-left: 18px; }
.rate, .gap { break-inside: avoid; }
section.method { font-size: 9pt; color: #4a5260; }
`;
