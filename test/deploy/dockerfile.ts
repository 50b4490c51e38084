/**
 * A small reader of deploy/vps/Dockerfile, enough for the checks of dockerfile.test.ts (no Docker
 * engine runs on the project's machines, so the image is checked against the repository and its
 * command is run as the image would run it).
 */
export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions by stage: continuation lines joined, comments dropped. */
export function parseDockerfile(text: string): Stage[] {
  const lines: string[] = [];
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("#")) continue;
    if (line.endsWith("\\")) {
      pending += line.slice(0, -1) + " ";
      continue;
    }
    const joined = (pending + line).trim();
    pending = "";
    if (joined) lines.push(joined);
  }
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: args.trim() };
    if (instruction.keyword === "FROM") {
      const [from = "", , name] = instruction.args.split(/\s+/);
      stages.push({ from, name, instructions: [] });
    } else stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

export const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

/** `COPY [--from=x] [--chown=…] src… dest` → its sources, destination and the stage it copies from. */
export function copies(stage: Stage) {
  return all(stage, "COPY").map((args) => {
    const words = args.split(/\s+/);
    const flags = words.filter((w) => w.startsWith("--"));
    const paths = words.filter((w) => !w.startsWith("--"));
    const from = flags.find((f) => f.startsWith("--from="))?.slice("--from=".length);
    return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
  });
}

/** `ENV A=1 B=2` lines (the key=value form) as one record. */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const args of all(stage, "ENV")) for (const [, k, v] of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[k!] = v!.replace(/^"|"$/g, "");
  return env;
}

/** The JSON (exec) form of CMD / HEALTHCHECK … CMD; undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  const json = args.slice(args.indexOf("["));
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) && parsed.every((p) => typeof p === "string") ? (parsed as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** `npm run <script>` and `npm <command>` uses in RUN lines. */
export function npmUses(stage: Stage) {
  const scripts: string[] = [];
  const commands: string[] = [];
  for (const args of all(stage, "RUN"))
    for (const [, command, script] of args.matchAll(/\bnpm\s+(run|ci|prune|rebuild|install)\b(?:\s+([\w:-]+))?/g)) {
      if (command === "run") scripts.push(script!);
      else commands.push(command!);
    }
  return { scripts, commands };
}
