import type { IncomingMessage } from "node:http";
import type { AdminActor, Identity } from "@onair/core";
import { describe, expectTypeOf, it } from "vitest";
import type { LiveHttpAnswers, ProblemDocument as WireProblem } from "./contract.js";
import {
  createLiveHttp,
  type LiveHttp,
  type LiveHttpOptions,
  type LiveHttpRequest,
  type ProblemDocument,
  toFetchHandler,
  toNodeHandler,
} from "./index.js";

describe("@onair/http public types", () => {
  it("passes the framework's own request to the host hooks, beside the neutral one", () => {
    expectTypeOf<LiveHttpOptions<Request>["identify"]>().parameters.toEqualTypeOf<
      [LiveHttpRequest<Request>, Request]
    >();
    expectTypeOf<LiveHttpOptions<Request>["identify"]>().returns.toEqualTypeOf<
      Identity | null | Promise<Identity | null>
    >();
    expectTypeOf<LiveHttpOptions<IncomingMessage>["authorizeAdmin"]>().returns.toEqualTypeOf<
      boolean | AdminActor | Promise<boolean | AdminActor>
    >();
    expectTypeOf<
      NonNullable<LiveHttpOptions<Request>["authorizeAudience"]>
    >().parameters.toEqualTypeOf<[LiveHttpRequest<Request>, string, Request]>();
    expectTypeOf(createLiveHttp<Request>).returns.toEqualTypeOf<LiveHttp<Request>>();
  });

  it("has a fetch edge and a Node edge", () => {
    expectTypeOf(toFetchHandler).returns.toEqualTypeOf<(request: Request) => Promise<Response>>();
    expectTypeOf(toNodeHandler<IncomingMessage>)
      .parameter(0)
      .toEqualTypeOf<LiveHttp<IncomingMessage>>();
  });

  it("sends the problem documents the contract entry describes", () => {
    expectTypeOf<ProblemDocument>().toEqualTypeOf<WireProblem>();
    expectTypeOf<LiveHttpAnswers["deleteSession"]>().toEqualTypeOf<null>();
  });
});
