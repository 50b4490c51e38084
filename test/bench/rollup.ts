/**
 * Roll-up benchmark (prints figures; not a test). Run: node --import tsx test/bench/rollup.ts
 *
 * Seeds a fresh SQLite database with 1 province × 100 wards × 30 groups × 8 weekly cycles (one
 * ward in four has a khu phố level; the tổ trưởng and the trưởng ban CTMT both report, so
 * 48,000 reports with realistic answers), then times the roll-up service over the 8 weeks:
 * JSON and Excel apart, median of 5 runs after 1 warm-up, with the peak RSS and heap seen
 * while they ran. Target: ≤ 3 s each.
 *
 * Seeding uses createMany in one transaction per ward, except for the reports: Prisma's
 * createMany costs about 0.5 ms a row here (48,000 rows ≈ 30 s), so they go in as multi-row
 * INSERTs through the same client, whose adapter still encodes dates, booleans and JSON.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { startOfLocalDay, addDays } from "../../src/core/calendar.js";
import { createLogger } from "../../src/core/logger.js";
import { openMigratedDatabase } from "../../src/db/prepare.js";
import type { Database } from "../../src/db/types.js";
import type { ServiceContext } from "../../src/services/context.js";
import { rollupWorkbook } from "../../src/services/exports/rollup-xlsx.js";
import { rollupUnit } from "../../src/services/rollup.js";

const WARDS = 100;
const GROUPS = 30;
const WEEKS = 8;
const ROLES = ["leader", "front_head"];
const RUNS = 5;
const ZONE = "Asia/Ho_Chi_Minh";
const FIRST_MONDAY = "2026-09-07";
/** Rows per INSERT: 11 bound values each, well under SQLite's limit of 32,766. */
const BATCH = 500;

const STEMS = ["Hòa Khánh Bắc", "Ngọc Lâm", "Bồ Đề", "Hải Châu", "Thanh Khê", "Sơn Trà", "Ngũ Hành Sơn", "Cẩm Lệ", "Liên Chiểu", "Hòa Vang"];
const QUESTIONS = [
  { key: "ho_van_dong", text: "Số hộ được vận động trong tuần?", type: "integer" },
  { key: "hoa_giai", text: "Số vụ hòa giải thành?", type: "integer" },
  { key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", options: ["Ổn định", "Có vụ việc"] },
  { key: "antt_chi_tiet", text: "Mô tả vụ việc", type: "text", showIfKey: "antt", showIfEquals: "Có vụ việc" },
  { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money", required: false },
  { key: "ve_sinh", text: "Giữ vệ sinh môi trường?", type: "yes_no" },
  { key: "kien_nghi", text: "Kiến nghị của nhân dân?", type: "text", required: false },
];

/** A small seeded generator: the same database every run. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(2026);
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

function answers() {
  const incident = random() < 0.05;
  return {
    ho_van_dong: between(0, 40),
    hoa_giai: between(0, 10) < 8 ? 0 : between(1, 2),
    antt: incident ? "Có vụ việc" : "Ổn định",
    ...(incident ? { antt_chi_tiet: "Trộm xe máy ở ngõ 5" } : {}),
    ...(random() < 0.7 ? { quy: between(0, 500) * 10_000 } : {}),
    ve_sinh: random() < 0.9,
    ...(random() < 0.1 ? { kien_nghi: "Đề nghị sửa đèn đường ở tổ" } : {}),
  };
}

type ReportRow = { cycleId: string; groupId: string; role: string; status: string; answers: object; submittedAt: Date | null; via: string | null; late: boolean };
const REPORT_COLUMNS = ["id", "cycleId", "groupId", "role", "status", "answers", "submittedAt", "via", "late", "nudges", "updatedAt"];

async function insertReports(tx: Pick<Database, "$executeRawUnsafe">, rows: ReportRow[]) {
  const now = new Date();
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const values = batch.map(() => `(${REPORT_COLUMNS.map(() => "?").join(",")})`).join(",");
    await tx.$executeRawUnsafe(
      `INSERT INTO "Report" (${REPORT_COLUMNS.map((c) => `"${c}"`).join(",")}) VALUES ${values}`,
      ...batch.flatMap((r) => [randomUUID(), r.cycleId, r.groupId, r.role, r.status, JSON.stringify(r.answers), r.submittedAt, r.via, r.late, 0, now]),
    );
  }
}

const dir = mkdtempSync(join(tmpdir(), "wardbot-rollup-bench-"));
const db = await openMigratedDatabase({ url: `file:${join(dir, "bench.db")}` }, createLogger("silent"));
const ctx: ServiceContext = { db, now: () => new Date(), log: createLogger("silent"), actor: "bench", defaultTimezone: ZONE };

const seedStarted = performance.now();
const provinceId = randomUUID();
await db.unit.create({ data: { id: provinceId, kind: "province", name: "Thành phố Đà Nẵng" } });
let reportCount = 0;
for (let w = 0; w < WARDS; w++) {
  const wardId = randomUUID();
  const units: { id: string; kind: string; name: string; parentId: string; wardId: string }[] = [];
  // One ward in four groups its tổ under three khu phố.
  const neighbourhoods = w % 4 === 0 ? [1, 2, 3].map((n) => ({ id: randomUUID(), kind: "neighbourhood", name: `Khu phố ${n}`, parentId: wardId, wardId })) : [];
  units.push(...neighbourhoods);
  for (let g = 1; g <= GROUPS; g++) {
    const parentId = neighbourhoods.length ? neighbourhoods[(g - 1) % neighbourhoods.length]!.id : wardId;
    units.push({ id: randomUUID(), kind: "group", name: `Tổ dân phố số ${g}`, parentId, wardId });
  }
  const groups = units.filter((u) => u.kind === "group");
  const formId = randomUUID();
  const versionId = randomUUID();
  const cycles = Array.from({ length: WEEKS }, (_, i) => {
    const monday = addDays(FIRST_MONDAY, 7 * i);
    const opensAt = new Date(startOfLocalDay(monday, ZONE).getTime() + 8 * 3600_000);
    return { id: randomUUID(), wardId, formVersionId: versionId, label: `Tuần ${37 + i}/2026`, opensAt, dueAt: new Date(opensAt.getTime() + 4 * 86_400_000 + 9 * 3600_000), status: "locked" };
  });
  const reports: ReportRow[] = cycles.flatMap((c) =>
    groups.flatMap((g) =>
      ROLES.map((role) => {
        const sent = random() < 0.85;
        const late = sent && random() < 0.1;
        return {
          cycleId: c.id, groupId: g.id, role,
          status: sent ? "submitted" : "missed",
          answers: sent ? answers() : {},
          submittedAt: sent ? new Date(c.opensAt.getTime() + between(1, late ? 120 : 100) * 3600_000) : null,
          via: sent ? "telegram" : null,
          late,
        };
      }),
    ),
  );
  reportCount += reports.length;
  await db.$transaction(async (tx) => {
    await tx.unit.create({ data: { id: wardId, kind: "ward", name: `Phường ${STEMS[w % STEMS.length]} ${Math.floor(w / STEMS.length) + 1}`, parentId: provinceId, timezone: ZONE } });
    await tx.unit.createMany({ data: units });
    await tx.form.create({ data: { id: formId, wardId, currentVersion: 1 } });
    await tx.formVersion.create({ data: { id: versionId, formId, version: 1, title: "Báo cáo tuần của tổ dân phố", roles: ROLES } });
    await tx.formQuestion.createMany({ data: QUESTIONS.map((q, position) => ({ formVersionId: versionId, position, ...q })) });
    await tx.cycle.createMany({ data: cycles });
    await insertReports(tx, reports);
  }, { timeout: 60_000 });
}
const seedMs = performance.now() - seedStarted;

// Peak memory while the roll-ups run, sampled between the awaits, next to where it started.
const before = process.memoryUsage();
const peak = { rss: 0, heap: 0 };
const sample = () => {
  const m = process.memoryUsage();
  peak.rss = Math.max(peak.rss, m.rss);
  peak.heap = Math.max(peak.heap, m.heapUsed);
};
const sampler = setInterval(sample, 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(label: string, fn: () => Promise<unknown>) {
  await fn(); // warm-up: module loading, statement preparation, JIT
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    runs.push(performance.now() - started);
    sample();
  }
  return { label, median: median(runs), runs };
}

const period = { from: FIRST_MONDAY, to: addDays(FIRST_MONDAY, 7 * WEEKS - 1) };
const check = await rollupUnit(ctx, provinceId, period);
if (check.wards.length !== WARDS || check.totals.expected !== reportCount || check.totals.cycles !== WARDS * WEEKS)
  throw new Error(`unexpected roll-up: ${check.wards.length} wards, ${check.totals.cycles} cycles, ${check.totals.expected} reports`);
const json = await time("JSON  (rollupUnit)", () => rollupUnit(ctx, provinceId, period));
let bytes = 0;
const xlsx = await time("Excel (rollupWorkbook)", async () => (bytes = (await rollupWorkbook(ctx, provinceId, period)).data.length));
clearInterval(sampler);

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
console.log(`wardbot roll-up benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}`);
console.log(`seeded 1 province × ${WARDS} wards × ${GROUPS} groups × ${WEEKS} weeks × ${ROLES.length} roles = ${reportCount.toLocaleString("en")} reports in ${(seedMs / 1000).toFixed(1)} s`);
console.log(`roll-up ${period.from} → ${period.to}: ${check.totals.submitted.toLocaleString("en")} submitted (${(check.totals.submissionRate! * 100).toFixed(1)} %), ${check.totals.late} late`);
for (const r of [json, xlsx])
  console.log(`${r.label.padEnd(24)} median ${r.median.toFixed(0)} ms (runs: ${r.runs.map((x) => x.toFixed(0)).join(", ")})`);
console.log(`workbook size ${(bytes / 1024).toFixed(1)} KB`);
console.log(`peak while rolling up: RSS ${mb(peak.rss)} MB, heap used ${mb(peak.heap)} MB (before: RSS ${mb(before.rss)} MB, heap used ${mb(before.heapUsed)} MB; process max RSS incl. seeding ${mb(process.resourceUsage().maxRSS * 1024)} MB)`);

await db.$disconnect();
rmSync(dir, { recursive: true, force: true });
