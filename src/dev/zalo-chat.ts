/**
 * Chat with the bot on "Zalo" from a terminal, without a Zalo account: starts the local fake of
 * the Zalo Bot API (src/dev/zalo-fake.ts), sends each line typed as a user's message and prints
 * what the bot answers. Run the bot against it in another terminal:
 *
 *   npm run zalo:chat
 *   ZALO_API_ROOT=http://127.0.0.1:8089 ZALO_BOT_TOKEN=1234567890:fake-zalo-token npm run dev
 *
 * Lines starting with "::" act instead of speaking: ::sticker, ::anh (a picture), ::nhom <text>
 * (the same user in a group, mentioning the bot), ::nguoi <id> (speak as another user).
 */
import { createInterface } from "node:readline";
import { startZaloFake } from "./zalo-fake.js";

const token = process.env.ZALO_BOT_TOKEN ?? "1234567890:fake-zalo-token";
const port = Number(process.env.ZALO_FAKE_PORT ?? 8089);
const fake = await startZaloFake({ token, port, host: "127.0.0.1" });
let userId = "a1b2c3d4e5f60718293a";
const GROUP_ID = "9f8e7d6c5b4a39281706";

process.stdout.write(
  `Zalo giả lập (fake Zalo Bot API) đang chạy tại ${fake.apiRoot}\n` +
    `Chạy bot ở cửa sổ khác / run the bot in another terminal:\n` +
    `  ZALO_API_ROOT=${fake.apiRoot} ZALO_BOT_TOKEN=${token} npm run dev\n` +
    `Gõ tin nhắn rồi Enter. ::sticker, ::anh, ::nhom <tin>, ::nguoi <id>, Ctrl+D để thoát.\n\n`,
);

fake.onSent((m) => {
  const where = m.chatId === GROUP_ID ? "[nhóm] " : m.chatId === userId ? "" : `[${m.chatId}] `;
  const body = m.method === "sendPhoto" ? `(ảnh) ${m.photo}${m.caption ? `\n${m.caption}` : ""}` : m.text;
  process.stdout.write(`\n🤖 ${where}${body!.replace(/\n/g, "\n   ")}\n\n> `);
});

const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: "> " });
rl.prompt();
rl.on("line", async (line) => {
  const text = line.trim();
  if (!text) return rl.prompt();
  const [command, ...rest] = text.split(/\s+/);
  try {
    if (command === "::sticker") await fake.userSends({ userId, event: "message.sticker.received" });
    else if (command === "::anh") await fake.userSends({ userId, photoUrl: "https://example.com/anh.jpg" });
    else if (command === "::nhom") await fake.userSends({ userId, groupId: GROUP_ID, text: `@Bot ${rest.join(" ")}` });
    else if (command === "::nguoi" && rest[0]) {
      userId = rest[0];
      process.stdout.write(`(đang nói với tư cách ${userId})\n`);
    } else await fake.userSends({ userId, text });
  } catch (error) {
    process.stdout.write(`(không gửi được: ${(error as Error).message})\n`);
  }
  rl.prompt();
});
rl.on("close", async () => {
  await fake.stop();
  process.exit(0);
});
