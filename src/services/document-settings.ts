import { defaultHeading, type DocumentHeading, type Issuer, type WardIdentity } from "../core/document-heading.js";
import type { DocumentSettings, Unit } from "../db/generated/prisma/client.js";
import { auditWrite, type DbOrTx, type ServiceContext } from "./context.js";
import { requireWard } from "./wards.js";

/**
 * A ward's settings for its official documents: who issues them and who signs. Only what an
 * admin set is stored; everything else is the default for the issuer and the ward, worked out on
 * every read, so that renaming the ward or switching the issuer leaves nothing stale.
 */

const TEXT_FIELDS = ["superiorName", "issuerName", "placeName", "symbol", "signerAuthority", "signerTitle", "signerName"] as const;
type TextField = (typeof TEXT_FIELDS)[number];
export const OVERRIDABLE = [...TEXT_FIELDS, "recipients"] as const;
/** The decree writes these in capitals; admins may type them in any case. */
const CAPITALS = new Set<TextField>(["superiorName", "issuerName", "symbol", "signerAuthority", "signerTitle"]);

export type DocumentSettingsPatch = { issuer?: Issuer } & { [K in TextField]?: string | null } & { recipients?: string[] | null };

const tidyLines = (s: string) =>
  s.normalize("NFC").split("\n").map((l) => l.replace(/\s+/g, " ").trim()).filter(Boolean).join("\n");

function tidy(field: TextField, value: string): string {
  const text = tidyLines(value);
  return CAPITALS.has(field) ? text.toLocaleUpperCase("vi") : text;
}

const identityOf = (ward: Unit): WardIdentity => ({ name: ward.name, kind: ward.kind });

/**
 * Stored values over the defaults. A one-off `issuer` other than the stored one takes that
 * issuer's defaults for everything but the place name: the stored names and signer belong to the
 * other body.
 */
export function effectiveHeading(ward: WardIdentity, stored: DocumentSettings | null, issuer?: Issuer): DocumentHeading {
  const storedIssuer = (stored?.issuer as Issuer | undefined) ?? "ubnd";
  const chosen = issuer ?? storedIssuer;
  const heading = defaultHeading(ward, chosen);
  if (!stored) return heading;
  const own = chosen === storedIssuer;
  for (const field of TEXT_FIELDS) {
    const value = stored[field];
    if (value !== null && (own || field === "placeName")) heading[field] = value;
  }
  if (own && Array.isArray(stored.recipients)) heading.recipients = stored.recipients as string[];
  return heading;
}

function toDto(wardId: string, heading: DocumentHeading, stored: DocumentSettings | null) {
  return {
    wardId,
    ...heading,
    /** The fields an admin set; the others are defaults. */
    overrides: stored ? OVERRIDABLE.filter((f) => stored[f] !== null) : [],
    updatedAt: stored ? stored.updatedAt.toISOString() : null,
  };
}

export async function getDocumentSettings(ctx: ServiceContext, wardId: string) {
  const ward = await requireWard(ctx.db, wardId);
  const stored = await ctx.db.documentSettings.findUnique({ where: { wardId } });
  return toDto(wardId, effectiveHeading(identityOf(ward), stored), stored);
}

/** Sets the given fields; null puts a field back to its default; absent fields stay as they are. */
export async function putDocumentSettings(ctx: ServiceContext, wardId: string, patch: DocumentSettingsPatch) {
  const { db } = ctx;
  const ward = await requireWard(db, wardId);
  const before = await db.documentSettings.findUnique({ where: { wardId } });
  const data: Record<string, unknown> = {};
  if (patch.issuer !== undefined && patch.issuer !== (before?.issuer ?? "ubnd")) {
    data.issuer = patch.issuer;
    // The names, symbol, signer and recipients set for one body are not the other's: a switch
    // puts them back to the new issuer's defaults (unless given with it). The place stays.
    for (const field of OVERRIDABLE) if (field !== "placeName") data[field] = null;
  }
  for (const field of TEXT_FIELDS) {
    const value = patch[field];
    if (value !== undefined) data[field] = value === null ? null : tidy(field, value);
  }
  if (patch.recipients !== undefined)
    // The document puts the dash in front of each line; one typed by the admin would double it.
    data.recipients = patch.recipients === null ? null : patch.recipients.map((r) => tidyLines(r).replace(/^[-–•]\s*/, "")).filter(Boolean);
  // One batch: the settings (one row per ward: an upsert on its key, so a patch of other fields
  // committed meanwhile is kept) and the audit row.
  // The upsert is one statement (INSERT … ON CONFLICT); its result is read after the batch.
  await db.$transaction([
    db.documentSettings.upsert({ where: { wardId }, create: { wardId, ...data }, update: data }),
    auditWrite(ctx, db, { action: "document_settings.update", entity: "ward", entityId: wardId, wardId, details: patch }),
  ]);
  const stored = await db.documentSettings.findUniqueOrThrow({ where: { wardId } });
  return toDto(wardId, effectiveHeading(identityOf(ward), stored), stored);
}

/** What a document of the ward is headed with, and the ward as it names itself. */
export async function documentHeading(db: DbOrTx, wardId: string, issuer?: Issuer) {
  const ward = await requireWard(db, wardId);
  const stored = await db.documentSettings.findUnique({ where: { wardId } });
  const identity = identityOf(ward);
  return { heading: effectiveHeading(identity, stored, issuer), ward: identity };
}
