/** A problem delivery's state, as the console names it (the reason itself comes from the API: `reasonText`). */
export const STATUS_TEXT: Record<string, string> = {
  failed: "Bị từ chối",
  dead: "Đã thử lại nhiều lần, không được",
  undeliverable: "Đang chờ kênh được kết nối",
};
