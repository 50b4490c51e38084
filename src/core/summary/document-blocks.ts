/**
 * The blocks an official document is made of, as plain data: paragraphs of runs, short rules,
 * tables and two-column blocks on an A4 page. No word-processor library here: the service
 * renders them into .docx (services/exports/docx-render.ts), tests read them directly.
 */

export type Align = "left" | "center" | "right" | "justify";

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** Points; the paragraph's size when absent. */
  size?: number;
}

export interface Paragraph {
  kind: "paragraph";
  runs: Run[];
  align: Align;
  /** Points, for every run that sets none; the document's body size when absent. */
  size?: number;
  /** A body paragraph: its first line indented, 6 pt after it. */
  body?: boolean;
  /** Points before and after (0 when absent, except for body paragraphs). */
  before?: number;
  after?: number;
  /** A heading stays on the page of what follows it. */
  keepNext?: boolean;
  pageBreakBefore?: boolean;
}

/** A short horizontal line, centred in its column, as the decree draws under headings. */
export interface Rule {
  kind: "rule";
  widthMm: number;
  after?: number;
}

export interface Cell {
  text: string;
  align?: Align;
  bold?: boolean;
}

export interface Table {
  kind: "table";
  widthsMm: number[];
  /** Points. */
  size: number;
  header: string[];
  rows: Cell[][];
}

/** Two borderless columns side by side: the header and the signature block. */
export interface Columns {
  kind: "columns";
  widthsMm: [number, number];
  /** Points before the first line of each column. */
  before?: number;
  left: Block[];
  right: Block[];
}

export type Block = Paragraph | Rule | Table | Columns;

export interface ReportDocument {
  title: string;
  page: { widthMm: number; heightMm: number; marginMm: { top: number; bottom: number; left: number; right: number } };
  font: string;
  /** Body size in points. */
  size: number;
  firstLineIndentMm: number;
  /** Points after each body paragraph. */
  paragraphAfter: number;
  blocks: Block[];
}
