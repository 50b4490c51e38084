import type { Issuer } from "../../core/document-heading.js";
import { reportDocument } from "../../core/summary/report-document.js";
import type { ServiceContext } from "../context.js";
import { documentHeading } from "../document-settings.js";
import { cycleSummary } from "../summaries.js";
import { renderDocx } from "./docx-render.js";

/** "Tuần 48/2026" → "tuan-48-2026": a file name any browser and mail client keeps as it is. */
export function asciiSlug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/**
 * A cycle's official report as a Word document (Decree 30/2020/NĐ-CP), dated the day it is made
 * in the ward's time zone. `issuer` heads it as the other body for this one download.
 */
export async function cycleReportDocx(ctx: ServiceContext, cycleId: string, options: { issuer?: Issuer } = {}) {
  const summary = await cycleSummary(ctx, ctx.db, cycleId);
  const { heading, ward } = await documentHeading(ctx.db, summary.wardId, options.issuer);
  const document = reportDocument(summary, { heading, ward, now: ctx.now() });
  const data = await renderDocx(document);
  return { filename: `bao-cao-${asciiSlug(summary.cycle.label) || "ky-bao-cao"}.docx`, data, document };
}
