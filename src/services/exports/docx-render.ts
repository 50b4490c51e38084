import type { Block, Cell, Columns, Paragraph as DocParagraph, ReportDocument, Rule, Table as DocTable } from "../../core/summary/document-blocks.js";

/**
 * Renders the core's report structure into a .docx file with the `docx` package, loaded on first
 * use: it is large and most processes never make a document. Units: the structure speaks in
 * millimetres and points; Word in twips (1/20 pt, 1440 per inch) and half-points.
 */

type Docx = typeof import("docx");
type Child = import("docx").Paragraph | import("docx").Table;

const twips = (mm: number) => Math.round((mm * 1440) / 25.4);
const pt = (points: number) => Math.round(points * 20);
/** Body paragraphs at 1.15 lines: the decree allows single to 1.5. */
const BODY_LINE = 276;
const SINGLE = 240;

export async function renderDocx(doc: ReportDocument): Promise<Uint8Array> {
  const d: Docx = await import("docx");
  const ALIGN = { left: d.AlignmentType.LEFT, center: d.AlignmentType.CENTER, right: d.AlignmentType.RIGHT, justify: d.AlignmentType.JUSTIFIED } as const;
  const LINE = { style: d.BorderStyle.SINGLE, size: 4, color: "000000" } as const;
  const NO_LINE = { style: d.BorderStyle.NONE, size: 0, color: "FFFFFF" } as const;

  function paragraph(b: DocParagraph): import("docx").Paragraph {
    const size = b.size ?? doc.size;
    return new d.Paragraph({
      alignment: ALIGN[b.align],
      indent: b.body ? { firstLine: twips(doc.firstLineIndentMm) } : undefined,
      spacing: {
        before: pt(b.before ?? 0),
        after: pt(b.after ?? (b.body ? doc.paragraphAfter : 0)),
        line: b.body ? BODY_LINE : SINGLE,
        lineRule: d.LineRuleType.AUTO,
      },
      keepNext: b.keepNext,
      pageBreakBefore: b.pageBreakBefore,
      children: b.runs.map((r) => new d.TextRun({ text: r.text, bold: r.bold, italics: r.italic, size: (r.size ?? size) * 2, font: doc.font })),
    });
  }

  /** An empty paragraph a hair high whose bottom border is the line, narrowed by its indents. */
  function rule(b: Rule, widthMm: number): import("docx").Paragraph {
    const side = twips(Math.max(0, (widthMm - b.widthMm) / 2));
    return new d.Paragraph({
      alignment: d.AlignmentType.CENTER,
      indent: { left: side, right: side },
      spacing: { before: 0, after: pt(b.after ?? 0), line: 60, lineRule: d.LineRuleType.EXACT },
      border: { bottom: { ...LINE, size: 6, space: 1 } },
      children: [new d.TextRun({ text: "", size: 2 })],
    });
  }

  // The font is named on every run as well as in the defaults, so that text pasted into another
  // document keeps it.
  const cellParagraph = (c: Cell, size: number) =>
    new d.Paragraph({
      alignment: ALIGN[c.align ?? "left"],
      spacing: { before: 0, after: 0, line: SINGLE },
      children: [new d.TextRun({ text: c.text, bold: c.bold, size: size * 2, font: doc.font })],
    });

  function table(b: DocTable): import("docx").Table {
    const widths = b.widthsMm.map(twips);
    const margins = { top: pt(2), bottom: pt(2), left: twips(1.2), right: twips(1.2) };
    const row = (cells: Cell[], header = false) =>
      new d.TableRow({
        tableHeader: header,
        cantSplit: true,
        children: cells.map(
          (c, i) =>
            new d.TableCell({
              width: { size: widths[i]!, type: d.WidthType.DXA },
              margins,
              verticalAlign: d.VerticalAlignTable.CENTER,
              children: [cellParagraph(c, b.size)],
            }),
        ),
      });
    return new d.Table({
      width: { size: widths.reduce((a, w) => a + w, 0), type: d.WidthType.DXA },
      columnWidths: widths,
      layout: d.TableLayoutType.FIXED,
      borders: { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE },
      rows: [row(b.header.map((text) => ({ text, align: "center", bold: true })), true), ...b.rows.map((r) => row(r))],
    });
  }

  function columns(b: Columns): import("docx").Table {
    const widths = b.widthsMm.map(twips);
    const none = { top: NO_LINE, bottom: NO_LINE, left: NO_LINE, right: NO_LINE };
    return new d.Table({
      width: { size: widths[0]! + widths[1]!, type: d.WidthType.DXA },
      columnWidths: widths,
      layout: d.TableLayoutType.FIXED,
      borders: { ...none, insideHorizontal: NO_LINE, insideVertical: NO_LINE },
      rows: [
        new d.TableRow({
          children: [b.left, b.right].map(
            (blocks, i) =>
              new d.TableCell({
                width: { size: widths[i]!, type: d.WidthType.DXA },
                margins: { top: 0, bottom: 0, left: 0, right: 0 },
                borders: none,
                children: render(withBefore(blocks, b.before), b.widthsMm[i]!) as import("docx").Paragraph[],
              }),
          ),
        }),
      ],
    });
  }

  /** A column's space above is its first paragraph's: a table row has none of its own. */
  const withBefore = (blocks: Block[], before?: number): Block[] =>
    before && blocks[0]?.kind === "paragraph" ? [{ ...blocks[0], before: (blocks[0].before ?? 0) + before }, ...blocks.slice(1)] : blocks;

  function render(blocks: Block[], widthMm: number): Child[] {
    return blocks.map((b) => {
      switch (b.kind) {
        case "paragraph":
          return paragraph(b);
        case "rule":
          return rule(b, widthMm);
        case "table":
          return table(b);
        case "columns":
          return columns(b);
      }
    });
  }

  const { page } = doc;
  const textWidth = page.widthMm - page.marginMm.left - page.marginMm.right;
  const file = new d.Document({
    creator: "wardbot",
    title: doc.title,
    styles: {
      default: {
        document: {
          run: { font: doc.font, size: doc.size * 2, language: { value: "vi-VN" } },
          paragraph: { spacing: { line: SINGLE } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: twips(page.widthMm), height: twips(page.heightMm), orientation: d.PageOrientation.PORTRAIT },
            margin: {
              top: twips(page.marginMm.top),
              bottom: twips(page.marginMm.bottom),
              left: twips(page.marginMm.left),
              right: twips(page.marginMm.right),
              header: twips(10),
              footer: twips(10),
            },
          },
        },
        children: render(doc.blocks, textWidth),
      },
    ],
  });
  return new Uint8Array(await d.Packer.toArrayBuffer(file));
}
