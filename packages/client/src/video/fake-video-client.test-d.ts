// @onair/testing restates the VideoClient port (it cannot depend on this package): these checks
// fail the type check as soon as the two drift apart, in either direction. Method parameters are
// compared for equality: assignability alone would let them drift (methods are bivariant).
import { createFakeVideoClient } from "@onair/testing";
import { expectTypeOf, it } from "vitest";
import type { VideoClient, VideoRoom, VideoRoomEvents } from "./video-client.js";

type Fake = ReturnType<typeof createFakeVideoClient>;
type FakeRoom = Awaited<ReturnType<Fake["connect"]>>;
type FakeEvents = Parameters<Fake["connect"]>[1];

it("the fake video client implements the VideoClient port", () => {
  expectTypeOf(createFakeVideoClient()).toExtend<VideoClient>();
  expectTypeOf<Parameters<Fake["connect"]>>().toEqualTypeOf<Parameters<VideoClient["connect"]>>();
  expectTypeOf<FakeRoom>().toExtend<VideoRoom>();
  expectTypeOf<VideoRoom>().toExtend<FakeRoom>();
});

it("the rooms take and give the same data", () => {
  expectTypeOf<Parameters<FakeRoom["publishCamera"]>>().toEqualTypeOf<
    Parameters<VideoRoom["publishCamera"]>
  >();
  expectTypeOf<Parameters<FakeRoom["publishScreen"]>>().toEqualTypeOf<
    Parameters<VideoRoom["publishScreen"]>
  >();
  expectTypeOf<Parameters<FakeRoom["publishTrack"]>>().toEqualTypeOf<
    Parameters<VideoRoom["publishTrack"]>
  >();
  expectTypeOf<Parameters<FakeRoom["subscribe"]>>().toEqualTypeOf<
    Parameters<VideoRoom["subscribe"]>
  >();
  expectTypeOf<Awaited<ReturnType<FakeRoom["subscribe"]>>>().toEqualTypeOf<
    Awaited<ReturnType<VideoRoom["subscribe"]>>
  >();
  expectTypeOf<Awaited<ReturnType<FakeRoom["publishCamera"]>>>().toEqualTypeOf<
    Awaited<ReturnType<VideoRoom["publishCamera"]>>
  >();
});

it("the room events carry the same data", () => {
  expectTypeOf<Parameters<FakeEvents["streamAdded"]>>().toEqualTypeOf<
    Parameters<VideoRoomEvents["streamAdded"]>
  >();
  expectTypeOf<Parameters<FakeEvents["streamRemoved"]>>().toEqualTypeOf<
    Parameters<VideoRoomEvents["streamRemoved"]>
  >();
  expectTypeOf<Parameters<FakeEvents["disconnected"]>>().toEqualTypeOf<
    Parameters<VideoRoomEvents["disconnected"]>
  >();
});
