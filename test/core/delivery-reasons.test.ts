import { describe, expect, it } from "vitest";
import { reasonText } from "../../src/core/delivery-reasons.js";
import { notConfiguredReason } from "../../src/services/deliveries.js";

/** Why a message did not go, from the platform's words to what an officer can act on. */
describe("delivery reasons in plain Vietnamese", () => {
  it("says what each kind of refusal means", () => {
    expect(reasonText("403 Forbidden: bot was blocked by the user")).toMatch(/^Người nhận đã chặn bot\./);
    expect(reasonText("400 Bad Request: chat not found")).toMatch(/^Không tìm thấy cuộc trò chuyện/);
    expect(reasonText("403 Forbidden: bot can't initiate conversation with a user")).toMatch(/^Người nhận chưa nhắn cho bot/);
    expect(reasonText("403 Forbidden: bot was kicked from the supergroup chat")).toMatch(/^Bot đã bị mời ra khỏi nhóm/);
    expect(reasonText("network: ETIMEDOUT")).toMatch(/^Mất kết nối/);
    expect(reasonText("502 Bad Gateway")).toMatch(/^Máy chủ của nền tảng gặp lỗi/);
    expect(reasonText(notConfiguredReason("zalo"), "Zalo")).toMatch(/^Chưa kết nối kênh Zalo trên máy chủ/);
    expect(reasonText("Địa chỉ webhook là địa chỉ nội bộ: chỉ địa chỉ HTTPS công khai mới nhận được webhook.")).toBe("Địa chỉ webhook là địa chỉ nội bộ: chỉ địa chỉ HTTPS công khai mới nhận được webhook.");
    expect(reasonText("-216 something new")).toBe("Gửi không thành công.");
    expect(reasonText(null)).toBe("Không rõ lý do.");
  });

  it("keeps what went instead", () => {
    expect(reasonText("403 user blocked the OA; đã gửi thay bằng tin nhắn riêng tới 2 người nhận")).toBe(
      "Người nhận đã chặn bot. Xin gọi điện nhờ họ bỏ chặn rồi gửi lại giấy mời kết nối. Đã gửi thay bằng tin nhắn riêng tới 2 người nhận.",
    );
  });
});
