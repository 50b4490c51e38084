/** A realistic demo ward, as described in the domain notes: Phường Ngọc Lâm with 29 groups. */

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"];
const MALE = [["Văn", "Tuấn"], ["Văn", "Hùng"], ["Đức", "Thắng"], ["Minh", "Quang"], ["Hoàng", "Hà"], ["Văn", "Nam"], ["Quốc", "Bảo"], ["Văn", "Thành"], ["Xuân", "Trường"], ["Đình", "Khoa"]];
const FEMALE = [["Thị", "Nga"], ["Thị Hải", "Yến"], ["Thị", "Lan"], ["Thị Thu", "Hương"], ["Thị", "Hoa"], ["Thị Minh", "Hạnh"], ["Thị", "Mai"], ["Thị Kim", "Oanh"], ["Thị", "Bình"]];

/** A deterministic, plausible name for the n-th person, so the demo is the same every time. */
function personName(n: number): string {
  const family = FAMILY[(n * 7) % FAMILY.length]!;
  const [middle, given] = n % 3 === 1 ? FEMALE[(n * 5) % FEMALE.length]! : MALE[(n * 3) % MALE.length]!;
  return `${family} ${middle} ${given}`;
}

export const DEMO_WARD_NAME = "Phường Ngọc Lâm";
export const DEMO_GROUP_COUNT = 29;

export function demoMembersCsv(): string {
  const rows = ["group,role,name,phone"];
  for (let g = 1; g <= DEMO_GROUP_COUNT; g++) {
    rows.push(`Tổ dân phố số ${g},tổ trưởng,${personName(2 * g)},09${String(10_000_000 + g * 7919).slice(0, 8)}`);
    rows.push(`Tổ dân phố số ${g},trưởng ban CTMT,${personName(2 * g + 1)},`);
  }
  rows.push(",chủ tịch UBND,Nguyễn Văn Hưng,", ",chủ tịch UB MTTQ,Trần Thị Minh Hạnh,", ",quản trị,Lê Thị Thu Trang,");
  return rows.join("\n");
}

export const DEMO_FORM = {
  title: "Báo cáo tuần của tổ dân phố",
  roles: ["leader" as const],
  questions: [
    { key: "ho_van_dong", text: "Trong tuần, tổ đã vận động được bao nhiêu hộ?", type: "integer" as const, required: true, min: 0, max: 2000 },
    { key: "hoa_giai_thanh", text: "Số vụ hòa giải thành trong tuần?", type: "integer" as const, required: true, min: 0, max: 100 },
    { key: "antt", text: "Tình hình an ninh trật tự trên địa bàn tổ?", type: "choice" as const, required: true, options: ["Ổn định", "Có vụ việc"] },
    { key: "antt_chi_tiet", text: "Xin ông/bà mô tả ngắn vụ việc.", type: "text" as const, required: true, maxLength: 500, showIf: { key: "antt", equals: "Có vụ việc" } },
    { key: "quy_vi_nguoi_ngheo", text: "Số tiền ủng hộ Quỹ “Vì người nghèo” thu được trong tuần (đồng)?", type: "money" as const, required: false, min: 0 },
    { key: "ve_sinh_moi_truong", text: "Tổ có giữ vệ sinh môi trường, không xả rác ra đường không?", type: "yes_no" as const, required: true },
    { key: "kien_nghi", text: "Kiến nghị, phản ánh của nhân dân (nếu có).", type: "text" as const, required: false, maxLength: 1000 },
  ],
};

export const DEMO_SCHEDULE = {
  enabled: true,
  opensAt: "0 8 * * 1",
  remindAt: ["0 18 * * 3", "0 8 * * 5"],
  dueAt: "0 17 * * 5",
  summaryAt: "0 8 * * 6",
  skipHolidays: true,
};

export const DEMO_MEETING_TITLE = "Hội nghị sơ kết 6 tháng thực hiện Quy chế phối hợp";
