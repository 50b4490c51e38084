// `npm run seed:demo`: creates the demo ward (idempotent: a second run creates nothing new)
// and prints the invitation codes of the people it created.
import { parseEnv, ConfigError } from "../../config/env.js";
import { createLogger } from "../../core/logger.js";
import { formatInstant } from "../../core/time.js";
import { DEMO_FORM, DEMO_MEETING_TITLE, DEMO_SCHEDULE, DEMO_WARD_NAME, demoMembersCsv } from "../demo-ward.js";
import { openMigratedDatabase } from "../prepare.js";
import type { ServiceContext } from "../../services/context.js";
import { importMembers } from "../../services/import-members.js";
import { putForm } from "../../services/form.js";
import { createMeeting } from "../../services/meetings.js";
import { putSchedule } from "../../services/schedule.js";
import { createWard } from "../../services/wards.js";

let config;
try {
  config = parseEnv(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}

const log = createLogger("warn");
const db = await openMigratedDatabase({ url: config.databaseUrl, authToken: config.databaseAuthToken }, log);
const ctx: ServiceContext = { db, now: () => new Date(), log, actor: "seed:demo", defaultTimezone: config.timezone };

const existing = await db.unit.findFirst({ where: { name: DEMO_WARD_NAME, kind: "ward", parentId: null } });
const wardId = existing?.id ?? (await createWard(ctx, { name: DEMO_WARD_NAME })).id;
const imported = await importMembers(ctx, wardId, demoMembersCsv());
if (!(await db.form.findUnique({ where: { wardId } }))) await putForm(ctx, wardId, DEMO_FORM);
if (!(await db.schedule.findUnique({ where: { wardId } }))) await putSchedule(ctx, wardId, DEMO_SCHEDULE);
if (!(await db.meeting.findFirst({ where: { wardId, title: DEMO_MEETING_TITLE } }))) {
  // Next Thursday at 14:00, ward time.
  const zone = config.timezone;
  const day = new Date(Date.now() + ((4 - new Date().getUTCDay() + 7) % 7 || 7) * 86_400_000);
  const date = formatInstant(day, zone).slice(0, 10);
  await createMeeting(ctx, wardId, {
    title: DEMO_MEETING_TITLE,
    kind: "so_ket",
    startsAt: `${date}T14:00`,
    location: "Nhà văn hóa phường",
    remindBefore: ["P3D", "PT2H"],
    invitees: { roles: ["leader", "front_head", "chair"] },
  });
}

console.log(`${DEMO_WARD_NAME}: ward id ${wardId}`);
if (imported.created === 0) {
  console.log("The demo ward is already there: nothing new was created.");
  console.log("Invitation codes are shown only when issued; get a fresh one with POST /api/v1/members/{memberId}/invite.");
} else {
  console.log(`Created ${imported.created} people in ${imported.groupsCreated} groups. Invitation codes (valid 14 days):`);
  for (const m of imported.members) console.log(`  ${m.invite.code}  ${m.name} (${m.role})`);
}
await db.$disconnect();
