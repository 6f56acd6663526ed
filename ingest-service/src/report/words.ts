import { z } from "zod";

/**
 * The report's words, zh-CN first and English key for key. Codes the dashboard already translates
 * (device classes, evidence levels, flags, reasons a device is left out, industries) come from the
 * dashboard's own dictionaries, so the printed report and the screen never word a code differently.
 *
 * Those dictionaries belong to the dashboard's TypeScript project (web/tsconfig.json); a static
 * import would pull them into this one as well, and one file in two composite projects breaks
 * `tsc -b` on a clean tree. So they are loaded at start-up by a path TypeScript does not follow
 * (the service runs its sources through tsx, which loads .ts) and checked as what they are: maps
 * of strings.
 */
const DICTIONARY_DIR = "../../web/src/i18n";
const Dictionary = z.record(z.string(), z.string());
const [zhModule, enModule] = await Promise.all([
  import(`${DICTIONARY_DIR}/zh-CN.ts`) as Promise<{ zhCN: unknown }>,
  import(`${DICTIONARY_DIR}/en.ts`) as Promise<{ en: unknown }>,
]);
const DASHBOARD = { zh: Dictionary.parse(zhModule.zhCN), en: Dictionary.parse(enModule.en) };
export type Lang = "zh" | "en";

const ZH = {
  title: "数字化评估诊断报告",
  subtitle: "设备上云与数字化水平诊断（一企一策）",
  generatedAt: "生成时间",
  period: "评估期间",
  periodLabelled: "{label}（{from} — {to}）",
  format: "数据来源",
  sourceNote:
    "本报告全部数字取自 Onramp 接入服务的企业指标报告（GET /api/v1/enterprises/{ent}/indicators），与看板所示同源。",
  "profile.title": "一、企业概况",
  "profile.enterprise": "企业",
  "profile.district": "所在区县",
  "profile.zone": "开发区 / 园区",
  "profile.industry": "细分行业",
  "profile.size": "企业规模",
  "profile.kind": "行业类型",
  "profile.declaredLevel": "自报中小企业数字化水平",
  "kind.discrete": "离散型制造",
  "kind.process": "流程型制造",
  "summary.title": "二、对照试点目标",
  "summary.indicator": "指标",
  "summary.value": "核验值",
  "summary.target": "目标",
  "summary.verdict": "结论",
  "summary.level": "中小企业数字化水平（证据校核）",
  "verdict.met": "已达标",
  "verdict.notMet": "未达标",
  "verdict.notJudged": "尚未判定",
  "verdict.noTarget": "无试点要求",
  "inventory.title": "三、设备清单（按类别）",
  "inventory.device": "设备",
  "inventory.keyProcess": "关键工序",
  "inventory.declared": "登记：数字化 / 联网 / 数控",
  "inventory.evidence": "证据等级",
  "inventory.online": "工作时间在线",
  "inventory.utilisation": "利用率",
  "inventory.count": "{n} 台",
  "inventory.notInPeriod": "本期间未登记的设备：{list}",
  "rates.title": "四、联网率、数字化率与关键工序数控化率：登记值与核验值",
  "rates.networking": "设备联网率",
  "rates.digitalisation": "设备数字化率",
  "rates.cnc": "关键工序数控化率",
  "rates.cncProcess": "关键工序自动化控制率（PLC/DCS）",
  "rates.declared": "登记",
  "rates.verified": "核验",
  "rates.sme": "评测分档 {band}，{points} 分",
  "rates.counted": "计入的设备",
  "rates.leftOut": "未计入的设备及原因",
  "rates.none": "无",
  "rates.notJudged": "尚未判定：{why}",
  "charts.title": "五、上云情况与设备利用率",
  "charts.timeline": "各设备在评估期间的在线状态",
  "charts.online": "工作时间在线占比（上云要求 ≥ {min}，数据完整率 ≥ {completeness}）",
  "charts.utilisation": "设备利用率（运行时间 ÷ 在线时间）",
  "charts.legend.online": "在线",
  "charts.legend.stale": "数据滞后",
  "charts.legend.offline": "离线",
  "charts.legend.never": "未上线",
  "charts.summary": "企业平均利用率 {utilisation}；数据完整率 {completeness}；期间工作时间 {working}",
  "level.title": "六、中小企业数字化水平：自评与证据校核",
  "level.absent": "尚未填写《中小企业数字化水平评测指标》问卷，无法给出自评与证据校核等级。",
  "level.declared": "自评",
  "level.adjusted": "证据校核",
  "level.value": "{score} 分，{level} 级",
  "level.unanswered": "未作答",
  "level.questionnaire": "问卷：{id} {version}（{source}）",
  "level.partial": "问卷文本不完整：部分题目未能找到官方出处，未计入。",
  "level.dimension": "维度",
  "level.item": "评测项",
  "level.declaredAnswer": "自评答案（分）",
  "level.adjustedAnswer": "校核答案（分）",
  "level.binding": "证据绑定",
  "level.reason": "差异原因与设备",
  "level.unbound": "不绑定证据，按自评",
  "flags.title": "七、核查提示",
  "flags.none": "本期间没有核查提示。",
  "flags.device": "设备",
  "flags.severity": "性质",
  "flags.what": "提示",
  "flags.particulars": "详情",
  "plan.title": "八、差距与改进计划",
  "plan.cnc": "关键工序数控化率达到 {target}",
  "plan.networking": "设备联网（规模以上企业全部联网）",
  "plan.networkingSme": "设备联网（规模以下企业无试点要求，列出供参考）",
  "plan.met": "已达到目标，无需补充。",
  "plan.gap": "当前 {current}（{numerator}/{denominator}），还需 {needed} 台设备计入才能达到 {target}。",
  "plan.notJudged": "观测时间不足，尚未判定；下列设备当前未计入。",
  "plan.noKeyProcess": "尚未登记关键工序设备：请先在设备清单中标明关键工序设备。",
  "plan.step": "措施",
  "plan.proof": "可以证明的证据",
  "plan.needed": "为达标所需",
  "plan.further": "进一步",
  "plan.action.connect": "接入网关并上传数据",
  "plan.action.replace": "更换或改造为数控设备",
  "plan.action.map-controller-state": "在设备模型中采集控制器状态（execution / controller_mode）",
  "plan.action.run": "在评估期间实际运行（观测到 execution=ACTIVE）",
  "plan.action.resolve-flags": "消除核查提示：{flags}",
  "plan.action.keep-online": "保持在线：工作时间在线 ≥ {min} 且数据完整率 ≥ {completeness}",
  "plan.action.declare-calendar": "登记企业工作时间",
  "plan.proof.cnc": "签名数据中带控制器状态且至少一次 execution=ACTIVE，证据等级达到“数据一致”",
  "plan.proof.networking":
    "评估期间工作时间在线 ≥ {min}、数据完整率 ≥ {completeness}，证据等级达到“数据一致”",
  "plan.proof.calendar": "企业登记的工作日历",
  "plan.level": "数字化水平达到 {level} 级（≥ {threshold} 分）",
  "plan.levelMet": "证据校核得分 {score} 分，已达到。",
  "plan.levelGap": "证据校核得分 {score} 分，还差 {gap} 分。",
  "plan.levelProve": "补充证据可恢复的自评分：",
  "plan.levelProveItem": "{item}：提供 {indicator}（证据等级 ≥ {evidence}）可恢复 {points} 分",
  "plan.levelRaise": "证据补足后仍差 {gap} 分，需提升以下得分最低的评测项（实际得分以问卷选项为准）：",
  "plan.levelRaiseItem": "{item}：当前 {score} 分",
  "plan.levelAbsent": "填写数字化水平问卷后，本节给出达到 2、3、4 级需要提升的评测项。",
  "method.title": "说明",
  "method.text":
    "核验值只计入证据等级达到“数据一致”及以上的设备（INDICATORS §4）；上云指工作时间在线占比与数据完整率均达到要求（§3）；关键工序数控化率的核验要求数据中带控制器状态并观测到运行（§2.3）。",
} as const;

export type WordKey = keyof typeof ZH;

const EN: Record<WordKey, string> = {
  title: "Digital diagnosis report",
  subtitle: "Equipment on cloud and SME digital level — one enterprise, one plan",
  generatedAt: "Generated",
  period: "Period",
  periodLabelled: "{label} ({from} — {to})",
  format: "Data source",
  sourceNote:
    "Every number in this report comes from the Onramp ingest service's enterprise report (GET /api/v1/enterprises/{ent}/indicators), the same the dashboard shows.",
  "profile.title": "1. Enterprise profile",
  "profile.enterprise": "Enterprise",
  "profile.district": "District",
  "profile.zone": "Development zone",
  "profile.industry": "Sub-industry",
  "profile.size": "Size",
  "profile.kind": "Industry kind",
  "profile.declaredLevel": "Declared SME digital level",
  "kind.discrete": "discrete manufacturing",
  "kind.process": "process manufacturing",
  "summary.title": "2. Against the pilot's targets",
  "summary.indicator": "Indicator",
  "summary.value": "Verified",
  "summary.target": "Target",
  "summary.verdict": "Verdict",
  "summary.level": "SME digital level (evidence-adjusted)",
  "verdict.met": "met",
  "verdict.notMet": "not met",
  "verdict.notJudged": "not yet judged",
  "verdict.noTarget": "no pilot target",
  "inventory.title": "3. Equipment inventory by class",
  "inventory.device": "Device",
  "inventory.keyProcess": "Key process",
  "inventory.declared": "Declared digital / networked / CNC",
  "inventory.evidence": "Evidence level",
  "inventory.online": "Online in working time",
  "inventory.utilisation": "Utilisation",
  "inventory.count": "{n} devices",
  "inventory.notInPeriod": "Registered outside the period: {list}",
  "rates.title": "4. Networking, digitalisation and key-process CNC-ization: declared vs verified",
  "rates.networking": "Equipment networking rate",
  "rates.digitalisation": "Equipment digitalisation rate",
  "rates.cnc": "Key-process CNC-ization rate",
  "rates.cncProcess": "Key-process PLC/DCS control rate",
  "rates.declared": "Declared",
  "rates.verified": "Verified",
  "rates.sme": "SME band {band}, {points} points",
  "rates.counted": "Devices counted",
  "rates.leftOut": "Devices left out, and why",
  "rates.none": "none",
  "rates.notJudged": "not yet judged: {why}",
  "charts.title": "5. On cloud and utilisation",
  "charts.timeline": "Each device's status over the period",
  "charts.online": "Share of working time online (on cloud needs ≥ {min}, completeness ≥ {completeness})",
  "charts.utilisation": "Utilisation (running time ÷ online time)",
  "charts.legend.online": "online",
  "charts.legend.stale": "late",
  "charts.legend.offline": "offline",
  "charts.legend.never": "never online",
  "charts.summary":
    "Mean utilisation {utilisation}; data completeness {completeness}; working time in the period {working}",
  "level.title": "6. SME digital level: declared and evidence-adjusted",
  "level.absent":
    "The SME digital level questionnaire has not been answered: no declared or evidence-adjusted level.",
  "level.declared": "Declared",
  "level.adjusted": "Evidence-adjusted",
  "level.value": "{score} points, level {level}",
  "level.unanswered": "not answered",
  "level.questionnaire": "Questionnaire: {id} {version} ({source})",
  "level.partial":
    "The questionnaire is partial: items whose official text could not be sourced are left out.",
  "level.dimension": "Dimension",
  "level.item": "Item",
  "level.declaredAnswer": "Declared answer (points)",
  "level.adjustedAnswer": "Adjusted answer (points)",
  "level.binding": "Evidence binding",
  "level.reason": "Why it differs, devices",
  "level.unbound": "not evidence-bound: as declared",
  "flags.title": "7. Flags",
  "flags.none": "No flag in the period.",
  "flags.device": "Device",
  "flags.severity": "Severity",
  "flags.what": "Flag",
  "flags.particulars": "Particulars",
  "plan.title": "8. The gap to the targets, as a plan",
  "plan.cnc": "Key-process CNC-ization of {target}",
  "plan.networking": "Networking (every device of an above-scale enterprise)",
  "plan.networkingSme": "Networking (no pilot target below scale; listed for reference)",
  "plan.met": "Target met: nothing to add.",
  "plan.gap":
    "Now {current} ({numerator}/{denominator}): {needed} more devices must count to reach {target}.",
  "plan.notJudged": "Too little observed time to judge yet; these devices do not count now.",
  "plan.noKeyProcess":
    "No key-process equipment declared: mark the key-process equipment in the register first.",
  "plan.step": "Step",
  "plan.proof": "Evidence that proves it",
  "plan.needed": "needed for the target",
  "plan.further": "further",
  "plan.action.connect": "connect it to a gateway and send its data",
  "plan.action.replace": "replace or retrofit it with a CNC/PLC controller",
  "plan.action.map-controller-state":
    "read its controller state (execution / controller_mode) in its profile",
  "plan.action.run": "run it in the period (execution=ACTIVE observed)",
  "plan.action.resolve-flags": "clear the flags: {flags}",
  "plan.action.keep-online": "keep it online: ≥ {min} of working time with completeness ≥ {completeness}",
  "plan.action.declare-calendar": "declare the enterprise's working calendar",
  "plan.proof.cnc":
    "signed frames with a controller state and execution=ACTIVE at least once, at evidence level consistent",
  "plan.proof.networking":
    "online ≥ {min} of the period's working time with completeness ≥ {completeness}, at evidence level consistent",
  "plan.proof.calendar": "the enterprise's declared working calendar",
  "plan.level": "Digital level {level} (≥ {threshold} points)",
  "plan.levelMet": "Evidence-adjusted score {score}: reached.",
  "plan.levelGap": "Evidence-adjusted score {score}: {gap} points short.",
  "plan.levelProve": "Declared points that evidence would restore:",
  "plan.levelProveItem": "{item}: {indicator} at evidence level ≥ {evidence} restores {points} points",
  "plan.levelRaise":
    "Still {gap} points short with that evidence: raise the lowest-scoring items (the questionnaire's options set the points):",
  "plan.levelRaiseItem": "{item}: {score} points now",
  "plan.levelAbsent":
    "Once the questionnaire is answered, this section lists the items that move the level to 2, 3 and 4.",
  "method.title": "Method",
  "method.text":
    "Verified rates count only devices at evidence level consistent or above (INDICATORS §4); on cloud means online for the required share of working time with the required completeness (§3); verified CNC-ization needs a controller state in the telemetry and the machine seen running (§2.3).",
};

/** `{name}` placeholders replaced by `vars.name`. */
function fill(text: string, vars: Record<string, string | number> | undefined): string {
  if (vars === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(vars[name] ?? whole));
}

export interface ReportWords {
  readonly lang: Lang;
  t(key: WordKey, vars?: Record<string, string | number>): string;
  /** A code's words from the dashboard's dictionary (`class.cnc_machine_tool`), else the code itself. */
  code(
    prefix: "class" | "evidence" | "flag" | "excluded" | "industry" | "size" | "severity",
    value: string,
    vars?: Record<string, string | number>,
  ): string;
  /** Picks the language of a `{ zh, en }` pair carried by the report. */
  pick(words: { readonly zh: string; readonly en: string }): string;
}

export function reportWords(lang: Lang): ReportWords {
  const own = lang === "zh" ? ZH : EN;
  const dashboard = DASHBOARD[lang];
  return {
    lang,
    t: (key, vars) => fill(own[key], vars),
    code: (prefix, value, vars) => {
      const key = `${prefix}.${value}`;
      const text = dashboard[key];
      return text === undefined ? value : fill(text, vars);
    },
    pick: (words) => (lang === "zh" ? words.zh : words.en),
  };
}

/** Every key of the report's own dictionary (tests check both languages fill the same placeholders). */
export const REPORT_WORDS = { zh: ZH as Record<WordKey, string>, en: EN };
