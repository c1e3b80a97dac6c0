// The HTTP contract's subject on the in-memory mock provider of @onair/testing.
import type { LiveService, ProviderEvent } from "@onair/core";
import { createMockLiveProvider } from "../mock-provider/mock-live-provider.js";
import { createTestClock } from "../test-clock.js";
import type { LiveHttpSubject } from "./subject.js";

export function createMockSubject(): LiveHttpSubject {
  const clock = createTestClock();
  const provider = createMockLiveProvider({ clock });
  let detach: (() => void) | null = null;

  const connectionEvent = (roomId: string, connectionId: string): ProviderEvent => ({
    type: "connection-created",
    roomId,
    connectionId,
    connectionData: null,
    at: clock.now(),
  });

  return {
    name: "mock provider",
    provider,
    clock,
    attach(service: LiveService) {
      detach?.();
      detach = provider.onEvent((event) => service.handleProviderEvent(event));
    },
    settle: () => provider.settle(),
    async connectClient(roomId, token) {
      const connectionId = provider.connect(roomId, { token });
      const streamId = provider.publish(roomId, connectionId, "camera");
      await provider.settle();
      return { connectionId, streamId };
    },
    async finishRecordings() {
      clock.advance(60_000);
      await provider.settle();
    },
    signatureHeader: "x-mock-signature",
    webhooks: {
      connectionCreated: async (roomId, connectionId) =>
        provider.deliver(connectionEvent(roomId, connectionId)),
      recordingStopped: async (roomId, recordingId, name) =>
        provider.deliver({
          type: "recording",
          roomId,
          recordingId,
          name,
          status: "stopped",
          reason: "user initiated",
          duration: 60,
          at: clock.now(),
        }),
      unsigned: async (roomId) =>
        provider.deliver(connectionEvent(roomId, "c_unsigned"), { secret: null }),
      forged: async (roomId) =>
        provider.deliver(connectionEvent(roomId, "c_forged"), { secret: "not-the-secret" }),
      stale: async (roomId) =>
        provider.deliver(connectionEvent(roomId, "c_stale"), {
          signedAt: clock.now() - 6 * 60_000,
        }),
      malformed: async (roomId) =>
        provider.deliver({
          type: "recording",
          roomId,
          at: clock.now(),
        } as unknown as ProviderEvent),
    },
    async teardown() {
      detach?.();
      provider.dispose();
    },
  };
}
