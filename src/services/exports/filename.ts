/** A cycle label as part of a download's file name: "Tuần 48/2026" → "Tuan-48-2026" (ASCII, no slashes). */
export function fileLabel(label: string): string {
  return label.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").replace(/[^A-Za-z0-9]+/g, "-");
}
