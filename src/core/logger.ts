/**
 * Structured JSON logs, one line per event. Fields whose names suggest secrets or personal
 * data are redacted wherever they appear, so a careless `log.info("x", {member})` cannot leak
 * a phone number or a token.
 */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
/**
 * Secrets, and personal data (Decree 13/2023): a person's name or display name, a message's
 * text, a phone number. Whole keys for the short words ("name" alone: a "wardName" or a "title"
 * is not a person's), substrings for the unambiguous ones.
 */
const SENSITIVE = /token|secret|password|authorization|phone|cookie|invite|^code$|^(name|text|caption|html)$|displayname|fullname|firstname|lastname|username|membername/i;

function redact(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  // Dates serialise themselves (toJSON); Object.entries would turn them into {}.
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  // Deeper than this is not walked, so it is not written either: it could hold a secret (or a cycle).
  if (depth > 4) return "[too deep]";
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SENSITIVE.test(k) ? "[redacted]" : redact(v, depth + 1)]),
  );
}

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => console.log(line),
  base: LogFields = {},
): Logger {
  const emit = (at: Exclude<LogLevel, "silent">, msg: string, fields?: LogFields) => {
    if (RANK[at] < RANK[level]) return;
    const entry = { level: at, time: new Date().toISOString(), msg, ...(redact({ ...base, ...fields }) as LogFields) };
    write(JSON.stringify(entry));
  };
  return {
    debug: (msg, fields) => emit("debug", msg, fields),
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
    child: (fields) => createLogger(level, write, { ...base, ...fields }),
  };
}

export const silentLogger: Logger = createLogger("silent");
