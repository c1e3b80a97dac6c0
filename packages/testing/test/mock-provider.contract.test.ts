// The mock provider honours the same LiveProvider contract as the Vonage provider.
import type { ProviderEvent } from "@onair/core";
import { runProviderContract } from "../src/contracts.js";
import { createMockLiveProvider } from "../src/index.js";

runProviderContract("mock", () => {
  const mock = createMockLiveProvider();
  const sample = (): ProviderEvent => ({
    type: "recording",
    roomId: "room_sample",
    recordingId: "rec_sample",
    name: "ses_sample-seg-0",
    status: "started",
    reason: null,
    duration: null,
    at: mock.clock.now(),
  });

  return {
    provider: mock,
    async connectClient(roomId) {
      const connectionId = mock.connect(roomId, { connectionData: "pk_contract" });
      return { connectionId, streamId: mock.publish(roomId, connectionId) };
    },
    async finishProcessing() {
      mock.clock.advance(30_000);
    },
    async expireRecording() {
      // The mock keeps an available recording 72 hours, as Vonage does.
      mock.clock.advance(72 * 3_600_000);
    },
    async failRecording(recordingId) {
      mock.failRecording(recordingId);
    },
    async isConnected(roomId, connectionId) {
      return mock.connections(roomId).some((c) => c.connectionId === connectionId);
    },
    webhooks: {
      async valid(kind, context) {
        const event: ProviderEvent =
          kind === "recording-started"
            ? {
                type: "recording",
                roomId: context.roomId,
                recordingId: context.recordingId,
                name: context.recordingName,
                status: "started",
                reason: null,
                duration: null,
                at: mock.clock.now(),
              }
            : {
                type: "connection-created",
                roomId: context.roomId,
                connectionId: context.connectionId,
                connectionData: "pk_contract",
                at: mock.clock.now(),
              };
        return { ...(await mock.deliver(event)), expect: event };
      },
      unsigned: () => mock.deliver(sample(), { secret: null }),
      forged: () => mock.deliver(sample(), { secret: "someone-else" }),
      stale: () => mock.deliver(sample(), { signedAt: mock.clock.now() - 6 * 60_000 }),
    },
    now: () => mock.clock.now(),
    teardown: () => mock.dispose(),
  };
});
