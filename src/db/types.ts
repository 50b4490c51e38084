// The database type, importable without pulling in a driver: services and the server depend on
// this, and each runtime supplies a client built on its own adapter.
export type { PrismaClient as Database } from "./generated/prisma/client.js";
