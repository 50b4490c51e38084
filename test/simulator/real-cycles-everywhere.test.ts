import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The class of bug, not one instance: a new read of cycles that forgets the preview cycles would
 * show the chat simulator's reports as the ward's. Every Prisma read of Cycle in src/ must say
 * `realCycle`/`REAL_CYCLE` (or name `preview` itself), and every raw `FROM "Cycle"` must filter on
 * "preview" — except in the simulator's own code, which works on its preview cycle on purpose,
 * and in reads by a report or session already scoped (listed with the reason).
 */
const ROOT = join(import.meta.dirname, "../../src");
const OWN = [
  "services/simulator/", // the simulator's own preview cycles
  "services/chat/preview-chat.ts", // the session's preview cycle, by its id
  "db/generated/",
  "console/",
  ".build/",
];
/** Raw reads of Cycle scoped by something else, and why. */
const SCOPED_RAW: Record<string, string> = {
  "services/chat/report-context.ts": "the cycle of one report the conversation is already on; it carries the preview flag",
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** The text of the call starting at `start` (its parentheses balanced). */
function callAt(source: string, start: number): string {
  let depth = 0;
  for (let i = source.indexOf("(", start); i < source.length; i++) {
    if (source[i] === "(") depth++;
    else if (source[i] === ")" && --depth === 0) return source.slice(start, i + 1);
  }
  return source.slice(start);
}

describe("every read of cycles in src/", () => {
  it("filters out the preview cycles", () => {
    const missing: string[] = [];
    for (const path of files(ROOT)) {
      const rel = relative(ROOT, path).replaceAll("\\", "/");
      if (OWN.some((own) => rel.startsWith(own))) continue;
      const source = readFileSync(path, "utf8");
      for (const m of source.matchAll(/\.cycle\.(findMany|findFirst|findUnique|findFirstOrThrow|findUniqueOrThrow|count|aggregate|groupBy)\(/g)) {
        const call = callAt(source, m.index!);
        if (!/realCycle|REAL_CYCLE|preview/.test(call)) missing.push(`${rel}: ${call.slice(0, 120)}`);
      }
      if (SCOPED_RAW[rel]) continue;
      for (const m of source.matchAll(/FROM "Cycle"/g)) {
        // The whole raw statement (the template literal around it).
        const statement = source.slice(source.lastIndexOf("`", m.index!), source.indexOf("`", m.index!));
        if (!statement.includes('"preview"')) missing.push(`${rel}: ${statement.slice(0, 120)}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
