// The catalogue wraps the store the service writes to, so it must keep every promise of the port.

import { createInMemoryStore } from "@onair/core";
import { aLiveSession } from "@onair/testing";
import { runStoreContract } from "@onair/testing/contracts";
import { describe, expect, it } from "vitest";
import { createSessionCatalogue } from "./session-catalogue.js";

runStoreContract(
  "demo session catalogue",
  () => createSessionCatalogue(createInMemoryStore()).store,
);

describe("session catalogue", () => {
  it("lists the sessions created through it, by start time, and forgets deleted ones", async () => {
    const catalogue = createSessionCatalogue(createInMemoryStore());
    const late = aLiveSession({ id: "ses_late", startsAt: "2030-01-01T12:00:00.000Z" });
    const early = aLiveSession({ id: "ses_early", startsAt: "2030-01-01T09:00:00.000Z" });
    await catalogue.store.create(late);
    await catalogue.store.create(early);
    expect((await catalogue.list()).map((s) => s.id)).toEqual(["ses_early", "ses_late"]);
    await catalogue.store.delete("ses_early", (email) => email);
    expect((await catalogue.list()).map((s) => s.id)).toEqual(["ses_late"]);
  });
});
