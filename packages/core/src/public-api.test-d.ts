import { describe, expectTypeOf, it } from "vitest";
import {
  type AudienceView,
  type Capability,
  can,
  capabilitiesOf,
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  type Decision,
  decide,
  decideReconcile,
  detectContentKind,
  evaluatePreflight,
  type JoinGrant,
  type LiveError,
  type LiveErrorCode,
  type LivePhase,
  type LiveService,
  normalizeEmail,
  type ReplayStatus,
  type Role,
  troubleshootingAdvice,
} from "./index.js";

describe("public API types", () => {
  it("names the product's states exactly", () => {
    expectTypeOf<Role>().toEqualTypeOf<"moderator" | "speaker" | "attendee">();
    expectTypeOf<LivePhase>().toEqualTypeOf<"scheduled" | "live" | "ended">();
    expectTypeOf<ReplayStatus>().toEqualTypeOf<
      "none" | "processing" | "ready" | "partial" | "failed"
    >();
  });

  it("errors carry a typed code", () => {
    expectTypeOf<LiveError["code"]>().toEqualTypeOf<LiveErrorCode>();
    expectTypeOf<"NO_MODERATOR">().toMatchTypeOf<LiveErrorCode>();
    // @ts-expect-error: codes are a closed set
    const bad: LiveErrorCode = "SOMETHING_ELSE";
    void bad;
  });

  it("functions take and give the documented shapes", () => {
    expectTypeOf(can).parameters.toEqualTypeOf<[readonly Role[], Capability]>();
    expectTypeOf(capabilitiesOf).returns.toEqualTypeOf<readonly Capability[]>();
    expectTypeOf(normalizeEmail).toEqualTypeOf<(email: string) => string>();
    expectTypeOf(detectContentKind).parameter(0).toEqualTypeOf<Uint8Array>();
    expectTypeOf(troubleshootingAdvice).returns.toEqualTypeOf<
      { code: string; message: string; helpUrl?: string }[]
    >();
    expectTypeOf(evaluatePreflight).returns.toHaveProperty("overall");
    expectTypeOf(decide).returns.toHaveProperty("effects");
    expectTypeOf(decideReconcile).returns.toEqualTypeOf<Decision>();
  });

  it("the service needs a store, a provider and a change feed, and returns typed results", () => {
    expectTypeOf(createLiveService).returns.toEqualTypeOf<LiveService>();
    // @ts-expect-error: no hidden in-memory default in production
    createLiveService({ store: createInMemoryStore() });
    expectTypeOf<LiveService["join"]>().returns.resolves.toEqualTypeOf<JoinGrant>();
    expectTypeOf<LiveService["audience"]>().returns.resolves.toEqualTypeOf<AudienceView>();
    expectTypeOf<JoinGrant["camera"]>().toEqualTypeOf<"off">();
    expectTypeOf(createInMemoryChangeFeed).returns.toHaveProperty("subscribe");
  });
});
