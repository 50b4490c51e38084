import { AppError, invalidFields, type FieldProblem } from "../core/errors.js";
import { checkCron, nextRuns, nextRunsOfAll } from "../core/schedule.js";
import { formatInstant } from "../core/time.js";
import type { Schedule } from "../db/generated/prisma/client.js";
import { uuidv7 } from "../db/ids.js";
import { auditWrite, type ServiceContext } from "./context.js";
import { requireWard } from "./wards.js";

export interface ScheduleInput {
  enabled: boolean;
  opensAt: string;
  remindAt: string[];
  dueAt: string;
  summaryAt: string;
  skipHolidays?: boolean;
}

const NEXT_RUNS = 5;

function toScheduleDto(s: Schedule, zone: string, now: Date) {
  const runs = (crons: string[]) => nextRunsOfAll(crons, zone, now, NEXT_RUNS).map((d) => formatInstant(d, zone));
  return {
    wardId: s.wardId,
    enabled: s.enabled,
    opensAt: s.opensAt,
    remindAt: s.remindAt as string[],
    dueAt: s.dueAt,
    summaryAt: s.summaryAt,
    skipHolidays: s.skipHolidays,
    timezone: zone,
    nextRuns: {
      opensAt: runs([s.opensAt]),
      // The reminders of all remindAt crons together, in time order.
      remindAt: runs(s.remindAt as string[]),
      dueAt: runs([s.dueAt]),
      summaryAt: runs([s.summaryAt]),
    },
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** A moment of the schedule as the console names it. */
function momentLabel(field: string): string {
  const reminder = /^remindAt\.(\d+)$/.exec(field);
  if (reminder) return `Lần nhắc ${Number(reminder[1]) + 1}`;
  return ({ opensAt: "Giờ mở kỳ", dueAt: "Hạn nộp", summaryAt: "Giờ gửi tổng hợp" } as Record<string, string>)[field] ?? field;
}

function cronProblems(input: ScheduleInput, zone: string): FieldProblem[] {
  const fields: [string, string][] = [
    ["opensAt", input.opensAt],
    ...input.remindAt.map((c, i): [string, string] => [`remindAt.${i}`, c]),
    ["dueAt", input.dueAt],
    ["summaryAt", input.summaryAt],
  ];
  return fields.flatMap(([field, cron]) => {
    const check = checkCron(cron, zone);
    return check.ok ? [] : [{ field, code: "invalid_format" as const, message: `${momentLabel(field)} chưa đúng: ${check.message}.` }];
  });
}

/**
 * Within one cycle (from an opening to the next), the deadline must come after the opening and
 * each reminder between the opening and the deadline. (The summary runs at its next fire after
 * the deadline, which may be after the next opening.)
 */
function orderProblems(input: ScheduleInput, zone: string, now: Date): FieldProblem[] {
  const [open] = nextRuns(input.opensAt, zone, now, 1);
  if (!open) return [];
  const [due] = nextRuns(input.dueAt, zone, open, 1);
  const [nextOpen] = nextRuns(input.opensAt, zone, open, 1);
  const problems: FieldProblem[] = [];
  if (!due || (nextOpen && due > nextOpen))
    return [{ field: "dueAt", code: "out_of_order", message: "Hạn nộp phải sau giờ mở kỳ và trước lần mở kỳ kế tiếp." }];
  input.remindAt.forEach((cron, i) => {
    const [remind] = nextRuns(cron, zone, open, 1);
    if (!remind || remind >= due)
      problems.push({ field: `remindAt.${i}`, code: "out_of_order", message: `Lần nhắc ${i + 1} phải nằm giữa giờ mở kỳ và hạn nộp (nhắc sau hạn thì không còn tác dụng).` });
  });
  return problems;
}

export async function putSchedule(ctx: ServiceContext, wardId: string, input: ScheduleInput) {
  const ward = await requireWard(ctx.db, wardId);
  const zone = ward.timezone ?? ctx.defaultTimezone;
  const now = ctx.now();
  const problems = cronProblems(input, zone);
  if (problems.length) throw invalidFields(problems);
  const order = orderProblems(input, zone, now);
  if (order.length) throw invalidFields(order);
  const data = {
    enabled: input.enabled,
    opensAt: input.opensAt.trim(),
    remindAt: input.remindAt.map((c) => c.trim()),
    dueAt: input.dueAt.trim(),
    summaryAt: input.summaryAt.trim(),
    skipHolidays: input.skipHolidays ?? true,
  };
  // One batch: the schedule (one per ward: an upsert on its key) and the audit row with the id
  // read (or given to the new one; the row's wardId tells which ward's it was in any case).
  const existing = await ctx.db.schedule.findUnique({ where: { wardId }, select: { id: true } });
  const id = existing?.id ?? uuidv7();
  // The upsert is one statement (INSERT … ON CONFLICT); its result is read after the batch.
  await ctx.db.$transaction([
    ctx.db.schedule.upsert({ where: { wardId }, create: { id, wardId, ...data }, update: data }),
    auditWrite(ctx, ctx.db, { action: "schedule.put", entity: "schedule", entityId: id, wardId, details: data }),
  ]);
  return toScheduleDto(await ctx.db.schedule.findUniqueOrThrow({ where: { wardId } }), zone, now);
}

export async function getSchedule(ctx: ServiceContext, wardId: string) {
  const ward = await requireWard(ctx.db, wardId);
  const s = await ctx.db.schedule.findUnique({ where: { wardId } });
  if (!s) throw new AppError("not_found", "Phường/xã chưa có lịch báo cáo: xin đặt lịch trước.");
  return toScheduleDto(s, ward.timezone ?? ctx.defaultTimezone, ctx.now());
}
