// @onair/testing restates the VideoClient port (it cannot depend on this package): these checks
// fail the type check as soon as the two drift apart, in either direction.
import { createFakeVideoClient } from "@onair/testing";
import { expectTypeOf, it } from "vitest";
import type { VideoClient, VideoRoom, VideoRoomEvents } from "./video-client.js";

type FakeRoom = Awaited<ReturnType<ReturnType<typeof createFakeVideoClient>["connect"]>>;
type FakeEvents = Parameters<ReturnType<typeof createFakeVideoClient>["connect"]>[1];
type FakeConnection = Parameters<ReturnType<typeof createFakeVideoClient>["connect"]>[0];

it("the fake video client implements the VideoClient port", () => {
  expectTypeOf(createFakeVideoClient()).toExtend<VideoClient>();
  expectTypeOf<FakeRoom>().toExtend<VideoRoom>();
  expectTypeOf<VideoRoom>().toExtend<FakeRoom>();
  expectTypeOf<VideoRoomEvents>().toExtend<FakeEvents>();
  expectTypeOf<FakeEvents>().toExtend<VideoRoomEvents>();
  expectTypeOf<FakeConnection>().toEqualTypeOf<Parameters<VideoClient["connect"]>[0]>();
});
