// The Vonage provider honours the same LiveProvider contract as the mock, with the real SDK
// talking to the Vonage Video API emulated on msw.
import type { ProviderEvent } from "@onair/core";
import { runProviderContract } from "@onair/testing/contracts";
import { createHarness, useEmulatedVonage } from "./harness.js";

useEmulatedVonage();

runProviderContract("vonage (emulated API)", () => {
  const h = createHarness();
  const { vonage, clock } = h;
  // A recording callback about an archive that needs not exist: verification comes first.
  const sample = {
    event: "archive",
    id: "b40ef09b-3811-4726-b508-e41a0f96c68f",
    sessionId: "2_MX4sample",
    status: "started",
    name: "ses_sample-seg-0",
    reason: "",
    duration: 0,
    createdAt: clock.now(),
  };
  return {
    provider: h.provider,
    async connectClient(roomId) {
      const connection = vonage.state.connect(roomId, { data: "pk_contract" });
      return { connectionId: connection.id, streamId: vonage.state.publish(connection.id).id };
    },
    async finishProcessing(recordingId) {
      vonage.state.finishArchive(recordingId);
    },
    async expireRecording(recordingId) {
      vonage.state.expireArchive(recordingId);
    },
    async failRecording(recordingId) {
      vonage.state.failArchive(recordingId);
    },
    async isConnected(roomId, connectionId) {
      return vonage.state.connections.get(connectionId)?.sessionId === roomId;
    },
    webhooks: {
      async valid(kind, context) {
        if (kind === "recording-started") {
          const payload = vonage.state.callbacks.find(
            (c) => c.event === "archive" && c.id === context.recordingId && c.status === "started",
          );
          if (payload === undefined) throw new Error("No archive callback was recorded.");
          const expected: Partial<ProviderEvent> = {
            type: "recording",
            roomId: context.roomId,
            recordingId: context.recordingId,
            name: context.recordingName,
            status: "started",
          };
          return { ...vonage.webhook(payload), expect: expected };
        }
        const payload = vonage.state.callbacks.find(
          (c) =>
            c.event === "connectionCreated" &&
            (c.connection as { id?: string } | undefined)?.id === context.connectionId,
        );
        if (payload === undefined) throw new Error("No connection callback was recorded.");
        const expected: Partial<ProviderEvent> = {
          type: "connection-created",
          roomId: context.roomId,
          connectionId: context.connectionId,
          connectionData: "pk_contract",
        };
        return { ...vonage.webhook(payload), expect: expected };
      },
      unsigned: async () => vonage.webhook(sample, { secret: null }),
      forged: async () => vonage.webhook(sample, { secret: "someone-else-entirely-secret" }),
      stale: async () => vonage.webhook(sample, { signedAt: clock.now() - 6 * 60_000 }),
    },
    now: () => clock.now(),
  };
});
