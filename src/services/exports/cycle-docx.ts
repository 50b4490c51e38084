import type { Issuer } from "../../core/document-heading.js";
import { asciiSlug } from "../../core/text.js";
import { reportDocument } from "../../core/summary/report-document.js";
import type { ServiceContext } from "../context.js";
import { documentHeading } from "../document-settings.js";
import { cycleSummary } from "../summaries.js";
import { renderDocx } from "./docx-render.js";

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
