import { describe, expect, it } from "vitest";
import { GROUP_ROLES, isGroupRole, parseRole, ROLE_LABELS, ROLES } from "../../src/core/roles.js";

describe("parseRole", () => {
  it.each([
    ["Tổ trưởng", "leader"],
    ["to truong", "leader"],
    ["TỔ TRƯỞNG", "leader"],
    ["  Tổ   trưởng ", "leader"],
    ["Tổ trưởng TDP", "leader"],
    ["Tổ trưởng tổ dân phố", "leader"],
    ["T.T", "leader"],
    ["leader", "leader"],
    ["Trưởng ban CTMT", "front_head"],
    ["truong ban cong tac mat tran", "front_head"],
    ["Trưởng ban công tác Mặt trận", "front_head"],
    ["MTTQ", "front_head"],
    ["Chủ tịch", "chair"],
    ["chu tich", "chair"],
    ["Chủ tịch UBND", "chair"],
    ["Lãnh đạo phường", "chair"],
    ["admin", "admin"],
    ["ADMIN", "admin"],
    ["Quản trị viên", "admin"],
    ["Cán bộ phường", "admin"],
  ])("%j → %s", (word, role) => {
    expect(parseRole(word)).toBe(role);
  });

  it("reads every role's own label", () => {
    // The labels shown to people must be understood when typed back.
    expect(parseRole(ROLE_LABELS.leader)).toBe("leader");
    expect(parseRole(ROLE_LABELS.front_head)).toBe("front_head");
    expect(parseRole(ROLE_LABELS.chair)).toBe("chair");
    expect(parseRole(ROLE_LABELS.admin)).toBe("admin");
  });

  it.each(["tổ phó", "phó chủ tịch", "trưởng", "", "   ", "tổ trưởng x", "leaders"])("rejects %j", (word) => {
    expect(parseRole(word)).toBeUndefined();
  });
});

describe("group roles", () => {
  it("are the leader and the front head, not ward roles", () => {
    expect(GROUP_ROLES).toEqual(["leader", "front_head"]);
    expect(ROLES.filter(isGroupRole)).toEqual(["leader", "front_head"]);
    expect(isGroupRole("chair")).toBe(false);
    expect(isGroupRole("admin")).toBe(false);
  });
});
