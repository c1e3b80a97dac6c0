// The router suite's subject on @onair/vonage, with the Vonage Video API emulated on msw: the
// real SDK makes its REST calls, and Vonage's callbacks reach the service through the provider's
// own verification, as signed deliveries would.
import type { LiveService } from "@onair/core";
import { createTestClock } from "@onair/testing";
import type { LiveHttpSubject } from "@onair/testing/contracts";
import { createVonageMsw, type VonageTestCredentials } from "@onair/testing/vonage-msw";
import { createVonageProvider } from "@onair/vonage";
import type { SetupServer } from "msw/node";

let subjects = 0;

export function createVonageSubject(
  server: SetupServer,
  credentials: VonageTestCredentials,
): LiveHttpSubject {
  const clock = createTestClock();
  // Each subject gets its own emulated host, so that several apps in one test never share a world.
  const videoHost = `https://video-${++subjects}.vonage.test`;
  const vonage = createVonageMsw({
    applicationId: credentials.applicationId,
    publicKey: credentials.publicKey,
    signatureSecret: credentials.signatureSecret,
    videoHost,
    clock,
  });
  server.use(...vonage.handlers);
  const provider = createVonageProvider({
    applicationId: credentials.applicationId,
    privateKey: credentials.privateKey,
    signatureSecret: credentials.signatureSecret,
    videoHost,
    clock,
    timeoutMs: 2_000,
  });
  let service: LiveService | null = null;
  let delivered = 0;

  // Delivers the callbacks Vonage recorded since the last call, in order, verified by the provider.
  const settle = async () => {
    while (delivered < vonage.state.callbacks.length) {
      const callback = vonage.state.callbacks[delivered++]!;
      const delivery = vonage.webhook(callback);
      const events = await provider.parseWebhook(delivery.headers, delivery.body, clock.now());
      for (const event of events) await service?.handleProviderEvent(event);
    }
  };

  const connectionCallback = (roomId: string, connectionId: string) => ({
    event: "connectionCreated",
    sessionId: roomId,
    timestamp: clock.now(),
    connection: { id: connectionId, createdAt: clock.now(), data: "" },
  });

  return {
    name: "Vonage provider (emulated API)",
    provider,
    clock,
    attach(target) {
      service = target;
      delivered = vonage.state.callbacks.length;
    },
    settle,
    async connectClient(roomId, token) {
      // The emulator checks the token as Vonage would (signature, room, expiry) and applies its role.
      const connection = vonage.state.connect(roomId, { token });
      const stream = vonage.state.publish(connection.id);
      await settle();
      return { connectionId: connection.id, streamId: stream.id };
    },
    async finishRecordings(roomId) {
      await settle();
      for (const archive of vonage.state.archives.values()) {
        if (archive.sessionId === roomId && archive.status === "stopped")
          vonage.state.finishArchive(archive.id);
      }
      await settle();
    },
    signatureHeader: "authorization",
    webhooks: {
      connectionCreated: async (roomId, connectionId) =>
        vonage.webhook(connectionCallback(roomId, connectionId)),
      recordingStopped: async (roomId, recordingId, name) =>
        vonage.webhook({
          event: "archive",
          id: recordingId,
          sessionId: roomId,
          status: "stopped",
          name,
          reason: "user initiated",
          duration: 60,
          createdAt: clock.now() - 60_000,
          updatedAt: clock.now(),
        }),
      unsigned: async (roomId) =>
        vonage.webhook(connectionCallback(roomId, "c_unsigned"), { secret: null }),
      forged: async (roomId) =>
        vonage.webhook(connectionCallback(roomId, "c_forged"), {
          secret: "someone-else-entirely-secret",
        }),
      stale: async (roomId) =>
        vonage.webhook(connectionCallback(roomId, "c_stale"), {
          signedAt: clock.now() - 6 * 60_000,
        }),
      malformed: async (roomId) =>
        vonage.webhook({
          event: "archive",
          id: 42,
          sessionId: roomId,
          status: "",
          duration: "x".repeat(2_000),
          createdAt: -1,
        }),
    },
    async teardown() {
      service = null;
    },
  };
}
