import { base64ToBytes, bytesToBase64 } from "../../core/base64.js";
import { randomBytes } from "../../core/crypto.js";
import type { ServiceContext } from "../context.js";
import { linkSigningKey } from "../signed-links.js";

/**
 * The OA secrets (app secret key, access and refresh tokens) encrypted at rest with AES-256-GCM
 * (Web Crypto: Node and Workers alike). The key is derived from the installation's link signing
 * key (LINK_SIGNING_KEY, or the one kept in the database), with its own purpose label, so a
 * copy of the database alone — a backup, an export — does not give away the ward's OA when
 * LINK_SIGNING_KEY is set in the environment.
 */

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function keyFrom(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = (async () => {
      const material = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode("wardbot zalo-oa secrets v1") },
        material,
        { name: "AES-GCM", length: 256 },
        false,
        ["encrypt", "decrypt"],
      );
    })();
    keys.set(secret, key);
  }
  return key;
}

export type SecretBox = { seal(plain: string): Promise<string>; open(sealed: string): Promise<string> };

export async function secretBox(ctx: Pick<ServiceContext, "db" | "linkSigningKey">): Promise<SecretBox> {
  const key = await keyFrom(await linkSigningKey(ctx));
  return {
    async seal(plain) {
      const iv = randomBytes(12);
      const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv: iv as BufferSource }, key, encoder.encode(plain)));
      return `v1.${bytesToBase64(iv)}.${bytesToBase64(sealed)}`;
    },
    async open(sealed) {
      const [version, iv, data] = sealed.split(".");
      if (version !== "v1" || !iv || !data) throw new Error("zalo oa: a stored secret is not in the expected form");
      const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: base64ToBytes(iv) as BufferSource }, key, base64ToBytes(data) as BufferSource);
      return new TextDecoder().decode(plain);
    },
  };
}
