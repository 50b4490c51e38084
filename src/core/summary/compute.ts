import type { AnswerValue, Question, QuestionType } from "../form.js";
import { groupReporting, isComplete, type GroupStanding } from "../group-standing.js";
import { ROLES, type Role } from "../roles.js";
import { OFFICE_VIA } from "../report-entry.js";

export type { GroupStanding } from "../group-standing.js";

/**
 * The weekly summary of a cycle, computed once from the reports: who reported, who did not,
 * the totals with last week's change, the spread of each choice with the details of the notable
 * one, and what residents asked for. The text, the chart, the Excel file and the official
 * document all render this one model, so they cannot disagree. Pure: the caller loads the data.
 */

export interface SummaryReport {
  role: Role;
  /** submitted (on time), late, missed, pending, in_progress */
  status: string;
  absent: boolean;
  answers: Record<string, AnswerValue | null>;
  /** When it was (last) submitted, for the per-group table of the document. */
  submittedAt?: Date | null;
  /** The channel of the last submission; OFFICE_VIA when the ward office entered it for the reporter. */
  via?: string | null;
}

export interface SummaryGroup {
  /** The group's id, passed through to the summary's groups (for exports that join on it). */
  id?: string;
  name: string;
  reports: SummaryReport[];
  /** This group's usual value per numeric question (average of earlier cycles), for outliers. */
  usual?: Record<string, number>;
}

export interface SummaryMeeting {
  title: string;
  startsAt: Date;
  location: string;
  attending: number;
  invited: number;
}

export interface SummaryInput {
  wardName: string;
  zone: string;
  cycle: { label: string; opensAt?: Date; dueAt: Date; status: string };
  questions: Question[];
  groups: SummaryGroup[];
  /** Totals of the previous cycle by question key, compared by key (never by text). */
  previousTotals?: Record<string, number>;
  meetings?: SummaryMeeting[];
}

export interface NumericFigure {
  kind: "numeric";
  key: string;
  /** The question without its question mark: "Số hộ được vận động". */
  title: string;
  type: Extract<QuestionType, "integer" | "number" | "money">;
  total: number;
  /** Per group that answered it (not per report: a group answering through two roles is one). */
  average: number;
  /** How many groups answered it. */
  answered: number;
  previousTotal?: number;
  /** Each answering group's value (its reports added up), in group order (for the chart and the document). */
  byGroup: { group: string; value: number }[];
  /** Group values more than OUTLIER_FACTOR × the group's usual: shown, and flagged for checking. */
  outliers: { group: string; value: number; usual: number }[];
}

export interface Distribution {
  kind: "distribution";
  key: string;
  title: string;
  /** Groups that gave each answer (a group whose two reporters differ counts under both). */
  counts: { label: string; count: number }[];
  /** The groups that gave the answer that unlocks a follow-up question, with what they wrote. */
  details: { group: string; text?: string }[];
}

export interface Summary {
  wardName: string;
  zone: string;
  cycle: SummaryInput["cycle"];
  /** The cycle is still open: the figures may change. */
  provisional: boolean;
  /**
   * Each group's standing by the rule of core/group-standing.ts; `owed`: the roles that have not
   * submitted; submittedAt: the group's last submission, once all its reports are in.
   */
  groups: { id?: string; name: string; standing: GroupStanding; owed: Role[]; submittedAt?: Date }[];
  /** Complete: every role has submitted (on time or late). */
  reported: string[];
  /** Some roles have submitted, not all (only with several roles). */
  partial: string[];
  /** Nobody of the group has submitted. */
  missing: string[];
  absent: string[];
  late: string[];
  /** Groups with a report the ward office entered on the reporter's behalf (phoned in), so chairs know. */
  enteredByOffice: string[];
  /** The roles the form asks for, in the usual order (tổ trưởng first). */
  roles: Role[];
  /** reported (complete) ÷ groups, or null when the ward has no groups in this cycle. */
  rate: number | null;
  /** Per role (groups whose report of that role is in), only when the form is answered by several roles. */
  byRole: { role: Role; done: number; total: number }[];
  /** False when no group has reported: there are no figures to give. */
  hasFigures: boolean;
  figures: (NumericFigure | Distribution)[];
  requests: { group: string; question: string; text: string }[];
  meetings: SummaryMeeting[];
}

export const OUTLIER_FACTOR = 10;
const isDone = (r: SummaryReport) => r.status === "submitted" || r.status === "late";
const title = (q: Question) => q.text.trim().replace(/\s*\?$/, "");

/** The moment the group's last report came in, once they all have. */
function completedAt(group: SummaryGroup): Date | undefined {
  const times = group.reports.map((r) => (isDone(r) ? r.submittedAt?.getTime() : undefined));
  if (!times.length || times.some((t) => t === undefined)) return undefined;
  return new Date(Math.max(...(times as number[])));
}

const reporting = (group: SummaryGroup) =>
  groupReporting(group.reports.map((r) => ({ role: r.role, submitted: isDone(r), late: r.status === "late", absent: r.absent })));

/** Adds up the values of one question per group, in group order (a group's two reports are one value). */
function perGroup(answered: { group: SummaryGroup; value: number }[]) {
  const byGroup = new Map<SummaryGroup, number>();
  for (const a of answered) byGroup.set(a.group, (byGroup.get(a.group) ?? 0) + a.value);
  return [...byGroup];
}

export function computeSummary(input: SummaryInput): Summary {
  const { questions, groups } = input;
  const standings = groups.map((g) => {
    const at = completedAt(g);
    return { ...(g.id ? { id: g.id } : {}), name: g.name, ...reporting(g), ...(at ? { submittedAt: at } : {}) };
  });
  const named = (...s: GroupStanding[]) => standings.filter((g) => s.includes(g.standing)).map((g) => g.name);
  const reported = standings.filter((g) => isComplete(g.standing)).map((g) => g.name);
  const roles = [...new Set(groups.flatMap((g) => g.reports.map((r) => r.role)))].sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
  const byRole =
    roles.length > 1
      ? roles.map((role) => {
          const of = groups.flatMap((g) => g.reports.filter((r) => r.role === role));
          return { role, done: of.filter(isDone).length, total: of.length };
        })
      : [];

  const submitted = groups.flatMap((g) => g.reports.filter(isDone).map((r) => ({ group: g, answers: r.answers })));
  const followUps = new Map(questions.filter((q) => q.showIf).map((q) => [q.showIf!.key, q]));
  const figures: Summary["figures"] = [];
  const requests: Summary["requests"] = [];
  for (const q of questions) {
    if (q.showIf) continue; // reported with the question that unlocks it
    const answered = submitted.filter((s) => s.answers[q.key] !== undefined && s.answers[q.key] !== null);
    if (q.type === "integer" || q.type === "number" || q.type === "money") {
      if (!answered.length) continue;
      const values = perGroup(answered.map((s) => ({ group: s.group, value: Number(s.answers[q.key]) })));
      const byGroup = values.map(([g, value]) => ({ group: g.name, value }));
      const total = byGroup.reduce((sum, g) => sum + g.value, 0);
      const outliers = values.flatMap(([g, value]) => {
        const usual = g.usual?.[q.key];
        return usual && usual > 0 && value > OUTLIER_FACTOR * usual ? [{ group: g.name, value, usual }] : [];
      });
      figures.push({
        kind: "numeric", key: q.key, title: title(q), type: q.type, total, average: total / byGroup.length,
        answered: byGroup.length, previousTotal: input.previousTotals?.[q.key], byGroup, outliers,
      });
    } else if (q.type === "choice" || q.type === "yes_no") {
      const labels = q.type === "choice" ? q.options! : ["Có", "Không"];
      const label = (v: AnswerValue | null | undefined) => (q.type === "yes_no" ? (v === true ? "Có" : v === false ? "Không" : undefined) : (v as string));
      const follow = followUps.get(q.key);
      figures.push({
        kind: "distribution", key: q.key, title: title(q),
        counts: labels.map((l) => ({ label: l, count: new Set(answered.filter((s) => label(s.answers[q.key]) === l).map((s) => s.group)).size })),
        details: follow
          ? answered
              .filter((s) => s.answers[q.key] === follow.showIf!.equals)
              .map((s) => ({ group: s.group.name, ...(s.answers[follow.key] ? { text: String(s.answers[follow.key]) } : {}) }))
          : [],
      });
    } else if (q.type === "text") {
      for (const s of answered) requests.push({ group: s.group.name, question: title(q), text: String(s.answers[q.key]) });
    }
  }

  return {
    wardName: input.wardName,
    zone: input.zone,
    cycle: input.cycle,
    provisional: input.cycle.status === "open",
    groups: standings,
    reported,
    partial: named("partial"),
    missing: named("missing"),
    absent: named("absent"),
    late: named("late"),
    enteredByOffice: input.groups.filter((g) => g.reports.some((r) => r.via === OFFICE_VIA && isDone(r))).map((g) => g.name),
    roles,
    rate: groups.length ? reported.length / groups.length : null,
    byRole,
    hasFigures: submitted.length > 0,
    figures: submitted.length ? figures : [],
    requests,
    meetings: input.meetings ?? [],
  };
}
