import { describe, expect, it } from "vitest";
import { parseZaloUpdate, unwrapZaloUpdate } from "../../src/channels/zalo/parse.js";

/** The documented samples (docs/platforms.md), as Zalo sends them. */
const WEBHOOK_SAMPLE = {
  ok: true,
  result: {
    message: {
      from: { id: "6ede9afa66b88fe6d6a9", display_name: "Ted", is_bot: false },
      chat: { id: "6ede9afa66b88fe6d6a9", chat_type: "PRIVATE" },
      text: "Xin chào",
      message_id: "2d758cb5e222177a4e35",
      date: 1750316131602,
    },
    event_name: "message.text.received",
  },
};
const GET_UPDATES_SAMPLE = {
  ok: true,
  result: {
    message: {
      chat: { id: "e4ea2cd5189df1c3a88c", chat_type: "PRIVATE" },
      text: "Xin chào",
      message_id: "16f6366b3f02645a3d15",
      date: 1766619597466,
      from: { id: "e4ea2cd5189df1c3a88c", first_name: "Nguyen Van A" },
    },
  },
};

const parse = (body: unknown) => parseZaloUpdate(unwrapZaloUpdate(body)!);

describe("Zalo updates", () => {
  it("reads the documented webhook sample and the getUpdates sample (first_name, no event_name)", () => {
    expect(parse(WEBHOOK_SAMPLE)).toEqual({
      channel: "zalo",
      updateId: "message.text.received:2d758cb5e222177a4e35",
      chat: { id: "6ede9afa66b88fe6d6a9", type: "private" },
      user: { id: "6ede9afa66b88fe6d6a9", name: "Ted" },
      input: { kind: "text", text: "Xin chào" },
    });
    expect(parse(GET_UPDATES_SAMPLE)).toMatchObject({
      updateId: "message.text.received:16f6366b3f02645a3d15",
      user: { id: "e4ea2cd5189df1c3a88c", name: "Nguyen Van A" },
      input: { kind: "text", text: "Xin chào" },
    });
    // The flat envelope seen live is the same update.
    expect(parse(WEBHOOK_SAMPLE.result)).toEqual(parse(WEBHOOK_SAMPLE));
  });

  it("keeps ids as the strings they are, beyond what a number can hold", () => {
    const long = { ...WEBHOOK_SAMPLE.result, message: { ...WEBHOOK_SAMPLE.result.message, chat: { id: "123456789012345678901234", chat_type: "PRIVATE" } } };
    expect(parse(long)!.chat.id).toBe("123456789012345678901234");
  });

  it("marks a group chat id with g:, reads commands after the mention, and ignores bots", () => {
    const inGroup = (text: string, from: object = { id: "u1", display_name: "Tuấn" }) =>
      parse({ event_name: "message.text.received", message: { message_id: "m1", from, chat: { id: "grp1", chat_type: "GROUP" }, text } });
    expect(inGroup("@Bot Phường /dangkynhom")).toMatchObject({ chat: { id: "g:grp1", type: "group" }, user: { id: "u1" }, input: { kind: "command", name: "dangkynhom", args: "" } });
    expect(inGroup("@Bot /tonghop 48/2026")!.input).toEqual({ kind: "command", name: "tonghop", args: "48/2026" });
    expect(inGroup("@Bot Đăng ký nhóm")!.input).toEqual({ kind: "command", name: "dangkynhom", args: "" });
    expect(inGroup("@Bot xin chào")!.input).toEqual({ kind: "text", text: "@Bot xin chào" });
    expect(inGroup("/dangkynhom", { id: "b1", is_bot: true })).toBeNull();
  });

  it("turns pictures (photo_url or photo), stickers, voice and unsupported messages into “unsupported”; ignores unknown events", () => {
    const m = { message_id: "m2", from: { id: "u2" }, chat: { id: "u2", chat_type: "PRIVATE" } };
    for (const update of [
      { event_name: "message.image.received", message: { ...m, photo_url: "https://x/a.jpg" } },
      { message: { ...m, photo: "https://x/a.jpg", caption: "ảnh" } },
      { event_name: "message.sticker.received", message: { ...m, sticker: "s" } },
      { event_name: "message.voice.received", message: m },
      { event_name: "message.unsupported.received", message: m },
    ])
      expect(parse(update)!.input).toEqual({ kind: "unsupported" });
    expect(parse({ message: { ...m, photo: "https://x/a.jpg" } })!.updateId).toBe("message.image.received:m2");
    expect(parse({ event_name: "user.joined.group", message: m })).toBeNull();
  });
});
