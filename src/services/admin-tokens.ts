import { constantTimeEqual, randomBytes, sha256Hex } from "../core/crypto.js";
import type { Database } from "../db/types.js";

/**
 * Admin authentication. With ADMIN_TOKEN set, that token is the key. Without it, the first
 * start generates a token, stores only its SHA-256 and hands it back once to be printed.
 */
export interface AdminKeys {
  /** The actor name of a presented token ("admin:<hash prefix>"), or null if it is not valid. */
  verify(token: string): Promise<string | null>;
}

export async function prepareAdminKeys(
  db: Database,
  configured: string | undefined,
): Promise<{ keys: AdminKeys; generatedToken?: string }> {
  let generatedToken: string | undefined;
  let hashes: string[];
  if (configured) {
    hashes = [await sha256Hex(configured)];
  } else {
    const stored = await db.adminToken.findMany({ where: { revokedAt: null } });
    if (stored.length === 0) {
      generatedToken = Array.from(randomBytes(32), (b) => b.toString(16).padStart(2, "0")).join("");
      const tokenHash = await sha256Hex(generatedToken);
      await db.adminToken.create({ data: { tokenHash } });
      hashes = [tokenHash];
    } else {
      hashes = stored.map((t) => t.tokenHash);
    }
  }
  return {
    generatedToken,
    keys: {
      async verify(token) {
        // Hashing first gives equal-length inputs, and the comparison does not stop early.
        const presented = await sha256Hex(token);
        let match: string | null = null;
        for (const h of hashes) if (constantTimeEqual(presented, h)) match = h;
        return match ? `admin:${match.slice(0, 8)}` : null;
      },
    },
  };
}
