/**
 * Summary benchmark (prints figures; not a unit test). Run: node --expose-gc --import tsx test/bench/summary.ts
 *
 * A ward of GROUPS residential groups with WEEKS weekly cycles of history, every group reporting
 * every week with realistic answers (a few late, a few missing). Times what a ward's chairs get
 * each Saturday for the newest cycle: the summary text (loading and computing included), and
 * each export on its own, then all of them together; median of RUNS after a warm-up, and the
 * process's peak RSS while doing it. Target: all four ≤ 2 s.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../src/core/logger.js";
import { summaryHtml, summaryText } from "../../src/core/summary/text.js";
import { openMigratedDatabase } from "../../src/db/prepare.js";
import type { ServiceContext } from "../../src/services/context.js";
import { summaryChart } from "../../src/core/summary/chart.js";
import { cycleReportDocx } from "../../src/services/exports/cycle-docx.js";
import { svgToPng } from "../../src/services/exports/png.js";
import { cycleWorkbook } from "../../src/services/exports/cycle-xlsx.js";
import { putForm } from "../../src/services/form.js";
import { cycleSummary } from "../../src/services/summaries.js";
import { createWard } from "../../src/services/wards.js";

const GROUPS = Number(process.env.GROUPS ?? 60);
const WEEKS = Number(process.env.WEEKS ?? 52);
const RUNS = Number(process.env.RUNS ?? 5);

const log = createLogger("silent");
const dir = mkdtempSync(join(tmpdir(), "wardbot-bench-summary-"));
const db = await openMigratedDatabase({ url: `file:${join(dir, "bench.db")}` }, log);
const ctx: ServiceContext = { db, log, now: () => new Date("2026-11-28T01:00:00Z"), actor: "bench", defaultTimezone: "Asia/Ho_Chi_Minh" };

// --- seed
const seedStart = performance.now();
const ward = await createWard(ctx, { name: "Phường Ngọc Lâm" });
await putForm(ctx, ward.id, {
  title: "Báo cáo tuần",
  roles: ["leader"],
  questions: [
    { key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer", required: true },
    { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money", required: false },
    { key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", options: ["Ổn định", "Có vụ việc"], required: true },
    { key: "antt_chi_tiet", text: "Mô tả vụ việc", type: "text", showIf: { key: "antt", equals: "Có vụ việc" }, required: true },
    { key: "ve_sinh", text: "Giữ vệ sinh môi trường?", type: "yes_no", required: true },
    { key: "kien_nghi", text: "Kiến nghị của nhân dân?", type: "text", required: false },
  ],
});
const version = await db.formVersion.findFirstOrThrow({ where: { form: { wardId: ward.id } } });
await db.unit.createMany({ data: Array.from({ length: GROUPS }, (_, i) => ({ kind: "group", name: `Tổ dân phố số ${i + 1}`, parentId: ward.id, wardId: ward.id })) });
const groups = await db.unit.findMany({ where: { wardId: ward.id, kind: "group" } });
const WEEK = 7 * 24 * 3600 * 1000;
const firstMonday = new Date("2026-11-23T01:00:00Z").getTime() - (WEEKS - 1) * WEEK;
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
let newest = "";
for (let w = 0; w < WEEKS; w++) {
  const opensAt = new Date(firstMonday + w * WEEK);
  const cycle = await db.cycle.create({
    data: { wardId: ward.id, formVersionId: version.id, label: `Tuần ${w + 1}/2026`, opensAt, dueAt: new Date(opensAt.getTime() + 4 * 24 * 3600 * 1000 + 8 * 3600 * 1000), status: "closed", closedAt: opensAt },
  });
  newest = cycle.id;
  await db.report.createMany({
    data: groups.map((g, i) => {
      const missing = random() < 0.05;
      const incident = random() < 0.1;
      return {
        cycleId: cycle.id, groupId: g.id, role: "leader",
        status: missing ? "missed" : "submitted",
        late: !missing && random() < 0.08,
        submittedAt: missing ? null : new Date(opensAt.getTime() + 3 * 24 * 3600 * 1000),
        via: missing ? null : "telegram",
        answers: missing ? {} : {
          ho_van_dong: 10 + Math.floor(random() * 40),
          quy: Math.round(random() * 50) * 100_000,
          antt: incident ? "Có vụ việc" : "Ổn định",
          ...(incident ? { antt_chi_tiet: `Mất trộm xe máy tại ngõ ${i + 1}` } : {}),
          ve_sinh: random() < 0.9,
          ...(random() < 0.15 ? { kien_nghi: `Đề nghị sửa đèn chiếu sáng ngõ ${i + 1}` } : {}),
        },
      };
    }),
  });
}
console.log(`seeded ${GROUPS} groups × ${WEEKS} weeks (${GROUPS * WEEKS} reports) in ${Math.round(performance.now() - seedStart)} ms`);

// --- measure
global.gc?.();
const rssBefore = process.memoryUsage().rss;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const steps: Record<string, () => Promise<unknown>> = {
  text: async () => {
    const s = await cycleSummary(ctx, db, newest);
    return [summaryText(s), summaryHtml(s)];
  },
  // Drawn afresh each time: the service keeps its last pictures, which would time a cache hit.
  png: async () => svgToPng(summaryChart(await cycleSummary(ctx, db, newest)).svg),
  xlsx: () => cycleWorkbook(ctx, newest),
  docx: () => cycleReportDocx(ctx, newest),
};
const parts = Object.values(steps);
steps["all, one after another"] = async () => {
  for (const step of parts) await step();
};

const rows: string[] = [];
for (const [name, step] of Object.entries(steps)) {
  await step(); // warm-up: first use loads the lazy modules
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await step();
    times.push(performance.now() - t0);
  }
  rows.push(`| ${name} | ${median(times).toFixed(0)} ms | ${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)} ms |`);
}
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
console.log(`\n${GROUPS} groups, ${WEEKS} weeks of history, median of ${RUNS} runs after a warm-up (node ${process.version})\n`);
console.log("| Step | median | range |\n|---|---|---|\n" + rows.join("\n"));
const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
console.log(`\npeak RSS ${mb(peakRss)} (whole process: tsx, the database client and the lazy modules), ${mb(rssBefore)} before the first step`);
await db.$disconnect();
