import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
// exceljs's own zip library: a .docx is a zip, and this one is installed already.
import JSZip from "jszip";

const run = promisify(execFile);

const decode = (s: string) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** word/document.xml of a .docx file. */
export async function documentXml(data: ArrayBuffer | Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(data);
  const entry = zip.file("word/document.xml");
  if (!entry) throw new Error("no word/document.xml in the file");
  return entry.async("string");
}

/** The text of each paragraph, in order (table cells are paragraphs too). */
export function paragraphTexts(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => decode([...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join("")));
}

/** Each table row as its cells' texts. */
export function tableRows(xml: string): string[][] {
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) => [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => paragraphTexts(c[0]).join("\n")));
}

/**
 * The document as LibreOffice prints it: converted to PDF by `soffice` (a profile of its own, so
 * parallel runs do not share one), then its text and page count by poppler's tools. Tests that
 * call it declare the programs with requireTools (./tools.ts): skipped without them, failed under CI.
 */
export async function printWithLibreOffice(data: Uint8Array, keepPdfAs?: string) {
  const dir = await mkdtemp(join(tmpdir(), "wardbot-docx-"));
  const profile = join(tmpdir(), `lo-profile-${randomUUID()}`);
  try {
    const file = join(dir, "report.docx");
    await writeFile(file, data);
    // Niced: the conversion takes a few seconds of CPU that tests running beside it need more.
    await run("nice", ["-n", "10", "soffice", `-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", "pdf", "--outdir", dir, file], { timeout: 90_000 });
    const pdf = join(dir, "report.pdf");
    const text = (await run("pdftotext", ["-layout", pdf, "-"])).stdout;
    const info = (await run("pdfinfo", [pdf])).stdout;
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
    if (keepPdfAs) await run("cp", [pdf, keepPdfAs]);
    return { text, pages, pageSizePts: size ? [Number(size[1]), Number(size[2])] : undefined };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}
