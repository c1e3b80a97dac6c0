import type {
  AudienceView,
  JoinGrant,
  LiveError,
  PreflightResult,
  PresenceCount,
} from "@onair/core";
import { describe, expectTypeOf, it } from "vitest";
import {
  type AudienceRoom,
  type AudienceRoomState,
  type AudienceState,
  type ClientErrorCode,
  type ControlRoom,
  type ControlRoomState,
  clientErrorCode,
  createLiveClient,
  type ExternalStore,
  gatherPreflightReport,
  type LiveClient,
  type LiveStatus,
  type StreamAttachment,
  type VideoClient,
} from "./index.js";

describe("@onair/client public API types", () => {
  it("the client's calls answer the wire types", () => {
    const client = createLiveClient({ baseUrl: "/api/live" });
    expectTypeOf(client).toEqualTypeOf<LiveClient>();
    expectTypeOf(client.join).returns.resolves.toEqualTypeOf<JoinGrant>();
    expectTypeOf(client.startLive).returns.resolves.toEqualTypeOf<LiveStatus>();
    expectTypeOf(client.presence).returns.resolves.toEqualTypeOf<PresenceCount>();
    expectTypeOf(client.audience).returns.resolves.toEqualTypeOf<AudienceView>();
    expectTypeOf(client.preflight).returns.resolves.toEqualTypeOf<PreflightResult>();
    expectTypeOf(client.measureUpload).returns.resolves.toEqualTypeOf<number | null>();
    expectTypeOf(client.replayUrl).returns.toEqualTypeOf<string>();
  });

  it("the stores are what useSyncExternalStore reads", () => {
    const client = createLiveClient({ baseUrl: "/api/live" });
    expectTypeOf(client.followAudience("s")).toMatchTypeOf<ExternalStore<AudienceState>>();
    expectTypeOf<ControlRoom>().toMatchTypeOf<ExternalStore<ControlRoomState>>();
    expectTypeOf<ControlRoomState["status"]>().toEqualTypeOf<
      "idle" | "joining" | "connected" | "reconnecting" | "left" | "refused"
    >();
    expectTypeOf<AudienceState["connection"]>().toEqualTypeOf<
      "connecting" | "open" | "reconnecting" | "closed"
    >();
  });

  it("streams are shown in elements through a detachable attachment", () => {
    const client = createLiveClient({ baseUrl: "/api/live" });
    expectTypeOf(client.audienceRoom).parameter(1).toEqualTypeOf<VideoClient>();
    expectTypeOf(client.audienceRoom).returns.toEqualTypeOf<AudienceRoom>();
    expectTypeOf<AudienceRoom>().toMatchTypeOf<ExternalStore<AudienceRoomState>>();
    expectTypeOf<AudienceRoomState>().toMatchTypeOf<AudienceState>();
    expectTypeOf<AudienceRoomState["streams"]>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<ControlRoom["attach"]>().returns.toEqualTypeOf<StreamAttachment>();
    expectTypeOf<AudienceRoom["attach"]>().returns.toEqualTypeOf<StreamAttachment>();
    // A React effect returns the detach as its cleanup.
    expectTypeOf<StreamAttachment["detach"]>().toEqualTypeOf<() => void>();
  });

  it("transport codes are readable beside the core's", () => {
    expectTypeOf(clientErrorCode).parameter(0).toEqualTypeOf<LiveError>();
    expectTypeOf<"NETWORK_FAILED">().toMatchTypeOf<ClientErrorCode>();
    expectTypeOf<"LIVE_ENDED">().toMatchTypeOf<ClientErrorCode>();
  });

  it("gatherPreflightReport gives the report, the core's verdicts, devices and failures", () => {
    expectTypeOf(gatherPreflightReport)
      .returns.resolves.toHaveProperty("result")
      .toEqualTypeOf<PreflightResult>();
    // @ts-expect-error the role is required
    void gatherPreflightReport({ context: "published" });
  });
});
