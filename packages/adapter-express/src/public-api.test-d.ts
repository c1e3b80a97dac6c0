import type { AdminActor, Identity, LiveErrorCode } from "@onair/core";
import type { Request, Router } from "express";
import { describe, expectTypeOf, it } from "vitest";
import {
  createLiveRouter,
  type LiveRouter,
  type LiveRouterOptions,
  type ProblemCode,
  problemTable,
} from "./index.js";

describe("@onair/express public types", () => {
  it("returns an Express router with close()", () => {
    expectTypeOf(createLiveRouter).returns.toEqualTypeOf<LiveRouter>();
    expectTypeOf<LiveRouter>().toMatchTypeOf<Router>();
    expectTypeOf<LiveRouter["close"]>().returns.toEqualTypeOf<Promise<void>>();
  });

  it("takes identity and authorization hooks that may be async", () => {
    expectTypeOf<LiveRouterOptions["identify"]>().parameters.toEqualTypeOf<[Request]>();
    expectTypeOf<LiveRouterOptions["identify"]>().returns.toEqualTypeOf<
      Identity | null | Promise<Identity | null>
    >();
    expectTypeOf<LiveRouterOptions["authorizeAdmin"]>().returns.toEqualTypeOf<
      boolean | AdminActor | Promise<boolean | AdminActor>
    >();
    expectTypeOf<NonNullable<LiveRouterOptions["authorizeAudience"]>>().parameters.toEqualTypeOf<
      [Request, string]
    >();
  });

  it("maps every LiveErrorCode to a status", () => {
    expectTypeOf<LiveErrorCode>().toMatchTypeOf<ProblemCode>();
    expectTypeOf<keyof typeof problemTable>().toEqualTypeOf<ProblemCode>();
    expectTypeOf(problemTable.NOT_A_PARTICIPANT.status).toEqualTypeOf<403>();
  });
});
