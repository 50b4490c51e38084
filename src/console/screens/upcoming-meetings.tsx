import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { formatDayDateTime } from "../format";
import { QueryState, useNow, TableWrap } from "../ui";

/** Meetings still to come, with who said they will attend. */
export function UpcomingMeetings({ wardId, zone }: { wardId: string; zone: string | undefined }) {
  const now = useNow(60_000);
  const meetings = useQuery({
    queryKey: ["meetings", wardId],
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/meetings", { params: { path: { wardId } } })),
    refetchInterval: 30_000,
  });
  const upcoming = meetings.data?.filter((m) => m.status === "scheduled" && new Date(m.startsAt) > now) ?? [];
  return (
    <section aria-labelledby={`hop-${wardId}`}>
      <h3 id={`hop-${wardId}`}>Hội nghị sắp tới</h3>
      <QueryState query={meetings} what="các hội nghị" />
      {meetings.data && !upcoming.length && <p className="muted">Không có hội nghị nào sắp diễn ra.</p>}
      {upcoming.length > 0 && (
        <TableWrap label="Hội nghị sắp tới">
          <table>
            <thead>
              <tr>
                <th scope="col">Hội nghị</th>
                <th scope="col">Thời gian</th>
                <th scope="col">Địa điểm</th>
                <th scope="col">Tham dự</th>
                <th scope="col">Vắng</th>
                <th scope="col">Chưa trả lời</th>
              </tr>
            </thead>
            <tbody>
              {upcoming.map((m) => (
                <tr key={m.id}>
                  <td>{m.title}</td>
                  <td>{formatDayDateTime(m.startsAt, zone)}</td>
                  <td>{m.location}</td>
                  <td>
                    {m.attendance.attending}/{m.attendance.invited}
                  </td>
                  <td>{m.attendance.absent}</td>
                  <td>{m.attendance.noAnswer}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
