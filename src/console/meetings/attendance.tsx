import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { QueryState, TableWrap } from "../ui";

export const RSVP_LABELS: Record<string, string> = { attending: "Tham dự", absent: "Vắng", no_answer: "Chưa trả lời" };
/** Refreshed while the screen is open: answers come in through the bot. */
export const ATTENDANCE_REFRESH_MS = 5_000;

/** Who answered the invitation, live: attending, absent with their reason, not yet answered. */
export function Attendance({ meetingId, title }: { meetingId: string; title: string }) {
  const attendance = useQuery({
    queryKey: ["attendance", meetingId],
    queryFn: () => unwrap(api.GET("/api/v1/meetings/{meetingId}/attendance", { params: { path: { meetingId } } })),
    refetchInterval: ATTENDANCE_REFRESH_MS,
  });
  const a = attendance.data;
  return (
    <section aria-labelledby={`tham-du-${meetingId}`}>
      <h3 id={`tham-du-${meetingId}`}>Tham dự</h3>
      <QueryState query={attendance} what="danh sách tham dự" />
      {a && (
        <>
          <p aria-live="polite">
            Mời {a.invited} người: {a.attending} tham dự, {a.absent} vắng, {a.noAnswer} chưa trả lời.
          </p>
          {a.people.length > 0 && (
            <TableWrap label={`Tham dự — ${title}`}>
              <table className="stack">
                <caption className="muted">Trả lời của người được mời — {title}</caption>
                <thead>
                  <tr>
                    <th scope="col">Người được mời</th>
                    <th scope="col">Trả lời</th>
                    <th scope="col">Lý do vắng</th>
                  </tr>
                </thead>
                <tbody>
                  {a.people.map((p) => (
                    <tr key={p.memberId}>
                      <th scope="row">{p.name}</th>
                      <td data-label="Trả lời">{RSVP_LABELS[p.status] ?? p.status}</td>
                      <td data-label="Lý do vắng">{p.reason ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </>
      )}
    </section>
  );
}
