import type { components } from "./api/schema";

type CycleGroup = components["schemas"]["Cycle"]["groups"][number];
type Report = CycleGroup["reports"][number];

/** How a group stands in the open cycle, as its tile shows it. */
export type TileState = "submitted" | "late" | "in_progress" | "missing" | "absent";

export const TILE_LABELS: Record<TileState, string> = {
  submitted: "Đã nộp",
  late: "Nộp muộn",
  in_progress: "Đang trả lời",
  missing: "Chưa nộp",
  absent: "Vắng mặt",
};

export const TILE_ORDER: TileState[] = ["submitted", "late", "in_progress", "missing", "absent"];

export function reportState(r: Report): TileState {
  if (r.status === "submitted" || r.status === "late") return r.status;
  // Someone away through the deadline is not chased: the summary says so too.
  if (r.absent) return "absent";
  return r.status === "in_progress" ? "in_progress" : "missing";
}

/**
 * A group's state from its reports (one per answering role): done when every report is in (late
 * if any came late); otherwise the state of what is still awaited, someone answering first.
 */
export function groupState(g: CycleGroup): TileState {
  const states = g.reports.map(reportState);
  const awaited = states.filter((s) => s !== "submitted" && s !== "late");
  if (!awaited.length) return states.includes("late") ? "late" : "submitted";
  if (awaited.includes("in_progress")) return "in_progress";
  if (awaited.includes("missing")) return "missing";
  return "absent";
}
