/**
 * Instants and wall-clock times in a named time zone, with nothing but Intl. Vietnam has no
 * daylight saving, but wards may be configured elsewhere, so nothing here assumes a fixed offset.
 */

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The last answer per zone, by minute of UTC time: every chat message asks for "now" in the
 * ward's zone, and formatToParts cost ~1.5 % of a webhook's CPU. Offsets change at transitions,
 * which fall on whole minutes (the seconds of some pre-1972 offsets are dropped below anyway).
 */
const lastOffsets = new Map<string, { minute: number; offset: number }>();

/** The zone's offset from UTC at `instant`, in minutes (Asia/Ho_Chi_Minh → 420). */
export function zoneOffsetMinutes(instant: Date, zone: string): number {
  const minute = Math.floor(instant.getTime() / 60_000);
  const last = lastOffsets.get(zone);
  if (last?.minute === minute) return last.offset;
  const offset = computeOffsetMinutes(instant, zone);
  lastOffsets.set(zone, { minute, offset });
  return offset;
}

function computeOffsetMinutes(instant: Date, zone: string): number {
  let fmt = offsetFormatters.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    offsetFormatters.set(zone, fmt);
  }
  const name = fmt.formatToParts(instant).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0; // "GMT" alone means UTC
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** ISO 8601 with seconds and the zone's offset: 2026-11-23T08:00:00+07:00. */
export function formatInstant(instant: Date, zone: string): string {
  const offset = zoneOffsetMinutes(instant, zone);
  const local = new Date(instant.getTime() + offset * 60_000);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The fields name a real calendar date and wall-clock time (no 30 February, 24:00 or :60). */
function isRealDateTime(fields: (string | undefined)[]): boolean {
  const [y, mo, d, h, mi, s] = fields.map((v) => Number(v ?? 0)) as number[];
  const check = new Date(Date.UTC(y!, mo! - 1, d!));
  return (
    check.getUTCFullYear() === y && check.getUTCMonth() === mo! - 1 && check.getUTCDate() === d &&
    h! <= 23 && mi! <= 59 && s! <= 59
  );
}

/**
 * Reads an admin-supplied date-time: with an offset ("2026-11-29T14:00:00+07:00") it is an
 * instant; without one ("2026-11-29T14:00") it is a wall-clock time in `zone`, which is what
 * a ward admin means when typing a meeting time. Returns null when it is not a real date-time.
 */
export function parseDateTimeInZone(text: string, zone: string): Date | null {
  const z = ISO_WITH_ZONE.exec(text);
  if (z) {
    if (!isRealDateTime(z.slice(1, 7))) return null;
    const instant = new Date(text);
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  const m = ISO_LOCAL.exec(text);
  if (!m) return null;
  if (!isRealDateTime(m.slice(1))) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
  const asUtc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  // Two passes settle the offset even next to a daylight-saving change.
  let guess = asUtc - zoneOffsetMinutes(new Date(asUtc), zone) * 60_000;
  guess = asUtc - zoneOffsetMinutes(new Date(guess), zone) * 60_000;
  return new Date(guess);
}

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

/**
 * Milliseconds of an ISO 8601 duration made of weeks, days, hours and minutes ("P3D",
 * "PT2H", "P1DT12H"); null for anything else or for zero. Days count as 24 hours: a reminder
 * "three days before" a meeting is read that way by people.
 */
export function parseDurationMs(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m || text === "P" || text.endsWith("T")) return null;
  const [w, d, h, mi] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
  const ms = (((w! * 7 + d!) * 24 + h!) * 60 + mi!) * 60_000;
  return ms > 0 ? ms : null;
}
