import { describe, expect, it } from "vitest";
import { quoteBigIntegers, parseJsonKeepingBigIds } from "../../src/channels/zalo-oa/json.js";
import { readZaloOaEvent, zaloOaAction } from "../../src/channels/zalo-oa/parse.js";
import { macMatches, zaloOaMac } from "../../src/channels/zalo-oa/verify.js";

/** The documented test vector (docs/platforms.md), byte for byte. */
const VECTOR_BODY =
  '{"app_id":"360846524940903967","sender":{"id":"246845883529197922"},"recipient":{"id":"388613280878808645"},"user_id_by_app":"552177279717587730","event_name":"user_send_text","message":{"text":"message","msg_id":"96d3cdf3af150460909"},"timestamp":"154390853474"}';

describe("the Zalo OA signature", () => {
  it("matches the documented test vector", async () => {
    const mac = await zaloOaMac("360846524940903967", new TextEncoder().encode(VECTOR_BODY), "154390853474", "TEST_OA_SECRET_KEY");
    expect(mac).toBe("f12758c5d69645e40f228430e4abcdf837838370fa8dbbdd10cdca2a99877d68");
    expect(macMatches("mac=f12758c5d69645e40f228430e4abcdf837838370fa8dbbdd10cdca2a99877d68", mac)).toBe(true);
    expect(macMatches(undefined, mac)).toBe(false);
    expect(macMatches("f12758c5d69645e40f228430e4abcdf837838370fa8dbbdd10cdca2a99877d68", mac)).toBe(false);
    // One byte of the body changed, or the other first id: another mac.
    expect(await zaloOaMac("360846524940903967", VECTOR_BODY.replace('"text":"message"', '"text":"messagE"'), "154390853474", "TEST_OA_SECRET_KEY")).not.toBe(mac);
    expect(await zaloOaMac("388613280878808645", VECTOR_BODY, "154390853474", "TEST_OA_SECRET_KEY")).not.toBe(mac);
  });
});

describe("Zalo OA events", () => {
  it("keep ids beyond 2^53 exact, quoted or not", () => {
    const event = readZaloOaEvent(VECTOR_BODY)!;
    expect(event.sender?.id).toBe("246845883529197922");
    // An id sent as a bare number would become 246845883529197920 through JSON.parse.
    expect(JSON.parse('{"id":246845883529197922}').id).not.toBe(246845883529197922n.toString());
    expect(parseJsonKeepingBigIds('{"id":246845883529197922,"n":12,"f":1.5,"s":"a 12345678901234567 b"}')).toEqual({
      id: "246845883529197922",
      n: 12,
      f: 1.5,
      s: "a 12345678901234567 b",
    });
    expect(quoteBigIntegers('{"s":"\\"12345678901234567"}')).toBe('{"s":"\\"12345678901234567"}');
  });

  it("map to a turn, an unfollow, the text-only re-ask or nothing", () => {
    const text = zaloOaAction(readZaloOaEvent(VECTOR_BODY)!);
    expect(text).toEqual({
      kind: "turn",
      event: {
        channel: "zalo_oa",
        updateId: "96d3cdf3af150460909",
        chat: { id: "388613280878808645:246845883529197922", type: "private" },
        user: { id: "388613280878808645:246845883529197922", name: "" },
        input: { kind: "text", text: "message" },
      },
    });
    const follow = { oa_id: "388613280878808645", follower: { id: "246845883529197922" }, app_id: "1", timestamp: "1" };
    expect(zaloOaAction({ ...follow, event_name: "follow" })).toMatchObject({ kind: "turn", event: { input: { kind: "command", name: "trogiup" } } });
    expect(zaloOaAction({ ...follow, event_name: "unfollow" })).toEqual({ kind: "unfollow", chatId: "388613280878808645:246845883529197922" });
    const image = { ...readZaloOaEvent(VECTOR_BODY)!, event_name: "user_send_image" };
    expect(zaloOaAction(image)).toMatchObject({ kind: "turn", event: { input: { kind: "unsupported" } } });
    expect(zaloOaAction({ ...image, event_name: "user_send_sticker" })).toMatchObject({ kind: "turn", event: { input: { kind: "unsupported" } } });
    expect(zaloOaAction({ ...image, event_name: "oa_send_text" })).toEqual({ kind: "ignore" });
    expect(zaloOaAction({ ...image, event_name: "user_seen_message" })).toEqual({ kind: "ignore" });
    expect(zaloOaAction({ ...image, event_name: "something_new" })).toEqual({ kind: "ignore" });
  });
});
