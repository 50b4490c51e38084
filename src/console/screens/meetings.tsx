import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { ConfirmDialog } from "../dialog";
import { formatDayDateTime } from "../format";
import { Attendance } from "../meetings/attendance";
import { KIND_LABELS, MeetingFields, checkMeeting, draftOf, meetingErrors, newMeetingDraft, type MeetingDraft } from "../meetings/meeting-form";
import { describeDurations } from "../meetings/reminders";
import { fieldErrors, problemText } from "../messages";
import { QueryState, WardPicker, useChosenWard, useWards, type Schemas } from "../ui";

const STATUS: Record<string, string> = { scheduled: "Sắp diễn ra", cancelled: "Đã huỷ" };

/** Hội nghị: create, edit and cancel meetings; reminders in words; who comes, live. */
export function Meetings() {
  const wards = useWards();
  const [ward, choose] = useChosenWard(wards.data);
  return (
    <section aria-labelledby="hoi-nghi">
      <h1 id="hoi-nghi">Hội nghị</h1>
      <QueryState query={wards} what="danh sách phường/xã" />
      {ward && (
        <>
          <WardPicker wards={wards.data!} value={ward.id} onChange={choose} />
          <WardMeetings ward={ward} key={ward.id} />
        </>
      )}
    </section>
  );
}

function WardMeetings({ ward }: { ward: Schemas["Ward"] }) {
  const meetings = useQuery({
    queryKey: ["meetings", ward.id],
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/meetings", { params: { path: { wardId: ward.id } } })),
    refetchInterval: 10_000,
  });
  const groups = useQuery({
    queryKey: ["groups", ward.id, "active"],
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/groups", { params: { path: { wardId: ward.id }, query: { limit: 1000 } } })),
  });
  return (
    <>
      <QueryState query={meetings} what="các hội nghị" />
      {meetings.data?.length === 0 && <p className="muted">Phường chưa có hội nghị nào.</p>}
      {meetings.data?.map((m) => <MeetingCard key={m.id} meeting={m} wardId={ward.id} zone={ward.timezone ?? undefined} />)}
      <CreateMeeting wardId={ward.id} groups={groups.data ?? []} />
    </>
  );
}

function CreateMeeting({ wardId, groups }: { wardId: string; groups: Schemas["Group"][] }) {
  const queries = useQueryClient();
  const [draft, setDraft] = useState<MeetingDraft>(newMeetingDraft);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: Schemas["MeetingCreate"]) => unwrap(api.POST("/api/v1/wards/{wardId}/meetings", { params: { path: { wardId } }, body })),
    onSuccess: (m) => {
      setDraft(newMeetingDraft());
      setErrors({});
      setDone(`Đã tạo “${m.title}”, mời ${m.attendance.invited} người.`);
      void queries.invalidateQueries({ queryKey: ["meetings", wardId] });
    },
    onError: (e) => setErrors(meetingErrors(fieldErrors(e))),
  });
  return (
    <form
      className="card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        const { problems, startsAt, remindBefore } = checkMeeting(draft);
        setErrors(problems);
        if (Object.keys(problems).length || !startsAt) return;
        create.mutate({
          title: draft.title.trim(),
          kind: draft.kind,
          location: draft.location.trim(),
          startsAt,
          remindBefore,
          invitees: { roles: draft.roles, ...(draft.groupIds.length ? { groupIds: draft.groupIds } : {}) },
        });
      }}
    >
      <h2>Tạo hội nghị</h2>
      <MeetingFields draft={draft} onChange={setDraft} errors={errors} groups={groups} />
      <div className="row">
        <button type="submit" disabled={create.isPending}>
          Tạo hội nghị
        </button>
      </div>
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
    </form>
  );
}

function MeetingCard({ meeting: m, wardId, zone }: { meeting: Schemas["Meeting"]; wardId: string; zone: string | undefined }) {
  const queries = useQueryClient();
  const [editing, setEditing] = useState<MeetingDraft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [cancelling, setCancelling] = useState(false);
  const refresh = () => queries.invalidateQueries({ queryKey: ["meetings", wardId] });
  const save = useMutation({
    mutationFn: (body: Schemas["MeetingPatch"]) => unwrap(api.PATCH("/api/v1/meetings/{meetingId}", { params: { path: { meetingId: m.id } }, body })),
    onSuccess: () => {
      setEditing(null);
      setErrors({});
      void refresh();
    },
    onError: (e) => setErrors(meetingErrors(fieldErrors(e))),
  });
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/meetings/{meetingId}/cancel", { params: { path: { meetingId: m.id } } })),
    onSuccess: () => {
      setCancelling(false);
      void refresh();
    },
  });
  const cancelled = m.status === "cancelled";
  return (
    <article className={`card${cancelled ? " archived" : ""}`} aria-labelledby={`hn-${m.id}`}>
      <h2 id={`hn-${m.id}`}>{m.title}</h2>
      <p>
        <span className="badge">{m.status === "scheduled" && new Date(m.startsAt) < new Date() ? "Đã diễn ra" : (STATUS[m.status] ?? m.status)}</span> {KIND_LABELS[m.kind as keyof typeof KIND_LABELS] ?? m.kind} · {formatDayDateTime(m.startsAt, zone)} · {m.location}
      </p>
      <p className="muted">Nhắc: {m.remindBefore.length ? describeDurations(m.remindBefore).join(", ") : "không nhắc"}.</p>
      {editing ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const { problems, startsAt, remindBefore } = checkMeeting(editing);
            setErrors(problems);
            if (Object.keys(problems).length || !startsAt) return;
            save.mutate({ title: editing.title.trim(), location: editing.location.trim(), startsAt, remindBefore });
          }}
        >
          <MeetingFields draft={editing} onChange={setEditing} errors={errors} />
          <div className="row">
            <button type="submit" disabled={save.isPending}>
              Lưu thay đổi
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(null)}>
              Thôi, không sửa
            </button>
          </div>
          {errors.form && (
            <p className="error" role="alert">
              {errors.form}
            </p>
          )}
        </form>
      ) : (
        !cancelled && (
          <div className="row actions">
            <button type="button" className="secondary" onClick={() => setEditing(draftOf(m))} aria-label={`Sửa ${m.title}`}>
              Sửa
            </button>
            <button type="button" className="secondary" onClick={() => setCancelling(true)} aria-label={`Huỷ ${m.title}`}>
              Huỷ hội nghị
            </button>
          </div>
        )
      )}
      <Attendance meetingId={m.id} title={m.title} />
      {cancelling && (
        <ConfirmDialog
          title={`Huỷ “${m.title}”?`}
          confirm="Huỷ hội nghị này"
          pending={cancel.isPending}
          error={cancel.isError ? problemText(cancel.error) : null}
          onCancel={() => setCancelling(false)}
          onConfirm={() => cancel.mutate()}
        >
          <p>
            Hội nghị ngày {formatDayDateTime(m.startsAt, zone)} sẽ bị huỷ: không nhắc nữa, và những người đã được nhắc sẽ nhận tin báo huỷ. Không khôi phục lại được.
          </p>
        </ConfirmDialog>
      )}
    </article>
  );
}
