// @onair/testing — what a test suite needs to exercise onair without a real provider.
// Public exports are listed by name: nothing is public by accident. This entry does not load vitest;
// the contract suites, which do, are in `@onair/testing/contracts`.

export type { SessionOverrides } from "./builders.js";
export {
  aDraftSession,
  aLiveEvent,
  aLiveSession,
  anAudienceView,
  anInitialLiveState,
  aParticipant,
  theModerator,
  theSpeaker,
} from "./builders.js";
export { expectLiveError } from "./expect-live-error.js";
export type { FakeMediaMode } from "./fake-video/fake-media.js";
export type {
  FakePublication,
  FakeVideoCall,
  FakeVideoClient,
  FakeVideoClientOptions,
  FakeVideoMethod,
} from "./fake-video/fake-video-client.js";
export { createFakeVideoClient } from "./fake-video/fake-video-client.js";
export type {
  FakeRoomMember,
  FakeRoomStream,
  FakeVideoRoomState,
  FakeVideoRooms,
} from "./fake-video/fake-video-rooms.js";
export { createFakeVideoRooms, sharedFakeVideoRooms } from "./fake-video/fake-video-rooms.js";
export type {
  DelayOptions,
  FailOptions,
  MockProviderMethod,
} from "./mock-provider/fault-injection.js";
export type {
  ConnectOptions,
  DeliverOptions,
  LeaveOptions,
  MockCall,
  MockConnection,
  MockLiveProvider,
  MockLiveProviderOptions,
  ProviderEventListener,
} from "./mock-provider/mock-live-provider.js";
export {
  createMockLiveProvider,
  mockStopReasons,
} from "./mock-provider/mock-live-provider.js";
export type { MockTokenClaims } from "./mock-provider/mock-token.js";
export { decodeMockToken } from "./mock-provider/mock-token.js";
export type { RawHeaders, SignedDelivery } from "./mock-provider/mock-webhooks.js";
export { webhookHeaders, webhookTolerance } from "./mock-provider/mock-webhooks.js";
export type { ClockListener, TestClock } from "./test-clock.js";
export { createTestClock, defaultTestStart } from "./test-clock.js";
export type { TestScheduler } from "./test-scheduler.js";
export { createTestScheduler } from "./test-scheduler.js";
