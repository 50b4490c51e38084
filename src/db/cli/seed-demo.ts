// `npm run seed:demo`: creates the demo ward (idempotent: a second run creates nothing new) and
// prints the invitation codes of the people it created. `npm run seed:demo -- --reset` removes
// the demo ward and everything of it. Only the ward this command created (marked in the
// database) is ever touched; a real ward with the same name is left alone.
import { parseEnv, ConfigError } from "../../config/env.js";
import { createLogger } from "../../core/logger.js";
import { openMigratedDatabase } from "../prepare.js";
import type { ServiceContext } from "../../services/context.js";
import { DEMO_FALLBACK_NAME, resetDemo, seedDemo } from "../../services/demo.js";
import { DEMO_WARD_NAME } from "../demo-ward.js";

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--reset");
if (unknown.length) {
  console.error(`Unknown argument ${unknown.join(" ")}. Usage: npm run seed:demo [-- --reset]`);
  process.exit(2);
}

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

if (args.includes("--reset")) {
  const removed = await resetDemo(ctx);
  console.log(removed ? `Removed the demo ward "${removed.name}" and its ${removed.members} people, groups, form, schedule, meetings and cycles.` : "There is no demo ward: nothing was removed.");
} else {
  const outcome = await seedDemo(ctx);
  if (outcome.status === "name_taken") {
    console.error(`Wards named "${DEMO_WARD_NAME}" and "${DEMO_FALLBACK_NAME}" already exist and were not created by seed:demo: they are left untouched and no demo was created.`);
    await db.$disconnect();
    process.exit(1);
  }
  const { ward, imported } = outcome;
  if (ward.name !== DEMO_WARD_NAME) console.log(`A ward named "${DEMO_WARD_NAME}" already exists and is left untouched; the demo is "${ward.name}".`);
  console.log(`${ward.name}: ward id ${ward.id}`);
  if (imported.created === 0) {
    console.log("The demo ward is already there: nothing new was created.");
    console.log("Invitation codes are shown only when issued; get a fresh one with POST /api/v1/members/{memberId}/invite.");
  } else {
    console.log(`Created ${imported.created} people in ${imported.groupsCreated} groups. Invitation codes (valid 14 days):`);
    for (const m of imported.members) console.log(`  ${m.invite.code}  ${m.name} (${m.role})`);
  }
  console.log("Remove the demo and everything of it with: npm run seed:demo -- --reset");
}
await db.$disconnect();
