import { expect } from "vitest";
import type { TestApp } from "../support/app.js";

/** A simulator session driven through the admin API, as the console drives it. */
export function simulator(t: TestApp, headers: Record<string, string> = {}) {
  async function start(wardId: string, body: object = {}) {
    const res = await t.call("POST", `/api/v1/wards/${wardId}/simulator`, body, headers);
    expect(res.status, res.text).toBe(201);
    let cursor: string | undefined;
    const seen: { choices: { label: string; value: string }[] }[] = [];
    const id = res.body.id as string;
    /** The bot's messages since the last read. */
    const read = async () => {
      const page = await t.call("GET", `/api/v1/simulator/${id}/messages${cursor ? `?after=${cursor}` : ""}`, undefined, headers);
      expect(page.status, page.text).toBe(200);
      if (page.body.length) cursor = page.body.at(-1).id;
      seen.push(...page.body);
      return page.body as { id: string; text: string; choices: { label: string; value: string }[] }[];
    };
    const post = async (body: object) => {
      const res = await t.call("POST", `/api/v1/simulator/${id}/messages`, body, headers);
      expect(res.status, res.text).toBe(200);
      const replies = await read();
      return replies.map((m) => m.text);
    };
    return {
      id,
      session: res.body,
      read,
      say: (text: string) => post({ text }),
      /** Presses the button labelled so in the newest message that has it. */
      async press(label: string) {
        const choice = [...seen].reverse().flatMap((m) => m.choices).find((c) => c.label === label);
        if (!choice) throw new Error(`no button “${label}”`);
        return post({ choice: choice.value });
      },
      pick: (value: string) => post({ choice: value }),
      state: async () => (await t.call("GET", `/api/v1/simulator/${id}`, undefined, headers)).body,
    };
  }
  return { start };
}
