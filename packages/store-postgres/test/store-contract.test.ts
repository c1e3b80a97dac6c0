// The shared SessionStore contract, on PGlite always and on a real server when DATABASE_URL is set.
import { runStoreContract } from "@onair/testing/contracts";
import { afterAll, describe } from "vitest";
import type { PostgresStore } from "../src/index.js";
import {
  createPgliteStore,
  createServerStore,
  onServer,
  type PgliteStore,
  type ServerStore,
  serverUrl,
} from "./databases.js";

describe("PostgresStore on PGlite", () => {
  let embedded: Promise<PgliteStore> | undefined;
  afterAll(async () => (await embedded)?.pglite.close());
  runStoreContract<PostgresStore>("postgres (PGlite)", async () => {
    embedded ??= createPgliteStore();
    return (await embedded).store;
  });
});

describe.skipIf(serverUrl === undefined)(`PostgresStore ${onServer}`, () => {
  let server: Promise<ServerStore> | undefined;
  afterAll(async () => (await server)?.dispose());
  runStoreContract<PostgresStore>(
    "postgres (server)",
    async () => {
      server ??= createServerStore("contract");
      return (await server).store;
    },
    { concurrency: 16 },
  );
});
