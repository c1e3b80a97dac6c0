// The shared behaviour every LiveProvider must have, run by the mock and by the Vonage provider
// (against an emulated API). A subject bundles the provider with what the suite cannot do through
// the port alone: put a publishing client in a room, and forge webhook deliveries.
// Every test title starts with the id of the rule it proves (PROV-ROLE-1…), as listed in the
// ports documentation (docs/ports.md), so a failure names the rule that broke.
import type { LiveProvider, ProviderEvent, ProviderStage, RecordingInfo } from "@onair/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectLiveError } from "./expect-live-error.js";

/** An HTTP webhook delivery as it reaches the platform: headers and the raw body. */
export interface WebhookDelivery {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A valid delivery and the event `parseWebhook` must return for it (matched partially). */
export interface ExpectedWebhookDelivery extends WebhookDelivery {
  readonly expect: Partial<ProviderEvent>;
}

/** The kinds of valid deliveries the suite asks for. */
export type ContractWebhookKind = "recording-started" | "connection-created";

/** What a valid delivery is about; the suite gives ids it obtained through the provider. */
export interface ContractWebhookContext {
  readonly roomId: string;
  /** For `recording-started`: the recording the event reports. */
  readonly recordingId: string;
  readonly recordingName: string;
  /** For `connection-created`: the connection the event reports. */
  readonly connectionId: string;
}

/** A client the subject put in a room, publishing one camera stream. */
export interface ContractClient {
  readonly connectionId: string;
  readonly streamId: string;
}

export interface ProviderContractSubject {
  readonly provider: LiveProvider;
  /**
   * Connects a client that publishes a camera stream in `roomId` (at the emulated provider).
   * Needed because providers refuse to record an empty room, and a stage names real streams.
   */
  connectClient(roomId: string): Promise<ContractClient>;
  /**
   * Makes the provider finish processing a stopped recording, so that it becomes `available`
   * (or `uploaded`): the mock moves its clock on, an emulated API flips the archive's status.
   */
  finishProcessing(recordingId: string): Promise<void>;
  /**
   * Makes a processed (`available`) recording expire at the provider, as Vonage's does 72 hours
   * after it was made. When given, the suite checks that an expired recording can be deleted
   * (R-DATA-1); without it, that case is skipped.
   */
  expireRecording?(recordingId: string): Promise<void>;
  /**
   * Makes the provider fail a stopped recording (its processing failed). When given, the suite
   * checks that a failed recording can be deleted (R-DATA-1); without it, that case is skipped.
   */
  failRecording?(recordingId: string): Promise<void>;
  /**
   * Whether the client is still connected to the room at the (emulated) provider. When given,
   * the suite checks that `disconnect` really removes the client (R-PERM-5), not only that it
   * resolves.
   */
  isConnected?(roomId: string, connectionId: string): Promise<boolean>;
  readonly webhooks: {
    /** A correctly signed delivery of `kind`, timed at `now()`, and the event it must parse to. */
    valid(
      kind: ContractWebhookKind,
      context: ContractWebhookContext,
    ): Promise<ExpectedWebhookDelivery>;
    /** A recording delivery without any signature. */
    unsigned(): Promise<WebhookDelivery>;
    /** A recording delivery signed with a wrong secret. */
    forged(): Promise<WebhookDelivery>;
    /** A correctly signed recording delivery whose signing time is more than 5 minutes before `now()`. */
    stale(): Promise<WebhookDelivery>;
  };
  /** The instant given to `parseWebhook` (epoch milliseconds). */
  now(): number;
  /** Runs after every test (close servers, reset handlers). */
  teardown?(): Promise<void> | void;
}

export type ProviderContractFactory = () =>
  | ProviderContractSubject
  | Promise<ProviderContractSubject>;

const gridOf = (streamIds: readonly string[]): ProviderStage => ({
  streamIds,
  layout: "grid",
  focusStreamId: null,
});

/** Registers a `describe` block proving that the subject's provider honours the LiveProvider port. */
export function runProviderContract(name: string, factory: ProviderContractFactory): void {
  describe(`LiveProvider contract: ${name}`, () => {
    let subject: ProviderContractSubject;
    let provider: LiveProvider;

    beforeEach(async () => {
      subject = await factory();
      provider = subject.provider;
    });

    afterEach(async () => {
      await subject.teardown?.();
    });

    /** A room with a publishing client, ready to record. */
    const aBusyRoom = async () => {
      const { roomId } = await provider.createRoom("ses_contract");
      const client = await subject.connectClient(roomId);
      return { roomId, client };
    };

    const recordIn = (roomId: string, streamId: string, name = "ses_contract-seg-0") =>
      provider.startRecording(roomId, { name, stage: gridOf([streamId]) });

    describe("rooms and tokens", () => {
      it("PROV-ROOM-1: createRoom gives a new, non-empty room id every time, even for the same session", async () => {
        const a = await provider.createRoom("ses_a");
        const b = await provider.createRoom("ses_b");
        const c = await provider.createRoom("ses_a");
        expect(a.roomId).toEqual(expect.any(String));
        expect(a.roomId.length).toBeGreaterThan(0);
        expect(new Set([a.roomId, b.roomId, c.roomId]).size).toBe(3);
      });

      it("PROV-ROLE-1 (R-PERM-1): issueToken maps moderator → moderator, speaker → publisher, attendee → subscriber, each with its own token", async () => {
        const { roomId } = await provider.createRoom("ses_roles");
        const expiresAt = subject.now() + 10 * 60_000;
        const roles = ["moderator", "speaker", "attendee"] as const;
        const granted = await Promise.all(
          roles.map((role) =>
            provider.issueToken(roomId, { role, connectionData: `pk_${role}`, expiresAt }),
          ),
        );
        expect(
          granted.map((grant) => grant.providerRole),
          "PROV-ROLE-1: provider roles for moderator, speaker, attendee",
        ).toEqual(["moderator", "publisher", "subscriber"]);
        for (const grant of granted) {
          expect(grant.connection.token).toEqual(expect.any(String));
          expect(grant.connection.token.length).toBeGreaterThan(0);
          expect(grant.connection.applicationId.length).toBeGreaterThan(0);
        }
        expect(new Set(granted.map((grant) => grant.connection.token)).size).toBe(3);
      });

      it("PROV-ROLE-2 (R-PERM-1): a speaker never gets the provider's moderator role", async () => {
        const { roomId } = await provider.createRoom("ses_speaker");
        const grant = await provider.issueToken(roomId, {
          role: "speaker",
          connectionData: "pk_speaker",
          expiresAt: subject.now() + 60_000,
        });
        expect(grant.providerRole).toBe("publisher");
        expect(grant.providerRole, "PROV-ROLE-2: a speaker's provider role").not.toBe("moderator");
      });
    });

    describe("recordings", () => {
      it("PROV-REC-1 (R-LIFE-6): startRecording records under the given name, started, with no link yet", async () => {
        const { roomId, client } = await aBusyRoom();
        const started = await recordIn(roomId, client.streamId, "ses_contract-seg-0");
        expect(started).toMatchObject({ roomId, name: "ses_contract-seg-0", status: "started" });
        expect(started.id.length).toBeGreaterThan(0);
        expect(started.url).toBeNull();
      });

      it("PROV-REC-2 (R-LIFE-6): listRecordings lists a room's started recording under its name, and only in that room", async () => {
        const { roomId, client } = await aBusyRoom();
        const other = await aBusyRoom();
        const started = await recordIn(roomId, client.streamId, "ses_contract-seg-3");
        const listed = await provider.listRecordings(roomId);
        const found = listed.find((recording) => recording.name === "ses_contract-seg-3");
        expect(found).toMatchObject({ id: started.id, roomId, status: "started" });
        const elsewhere = await provider.listRecordings(other.roomId);
        expect(elsewhere.map((recording) => recording.id)).not.toContain(started.id);
      });

      it("PROV-REC-3: stopRecording stops a recording and getRecording reports it, with a link only when available", async () => {
        const { roomId, client } = await aBusyRoom();
        const started = await recordIn(roomId, client.streamId);
        const stopped = await provider.stopRecording(started.id);
        expect(stopped).toMatchObject({ id: started.id, roomId, status: "stopped" });
        const got: RecordingInfo = await provider.getRecording(started.id);
        expect(got).toMatchObject({ id: started.id, roomId, name: started.name });
        expect(["stopped", "uploaded", "available"]).toContain(got.status);
        if (got.status !== "available") expect(got.url).toBeNull();
      });

      it("PROV-REC-4 (R-LIFE-7): a processed recording is available with an HTTPS link (or uploaded, without one) and a duration", async () => {
        const { roomId, client } = await aBusyRoom();
        const started = await recordIn(roomId, client.streamId);
        await provider.stopRecording(started.id);
        await subject.finishProcessing(started.id);
        const done = await provider.getRecording(started.id);
        expect(["available", "uploaded"]).toContain(done.status);
        if (done.status === "available") expect(done.url).toMatch(/^https:\/\//);
        else expect(done.url).toBeNull();
        expect(done.duration).toEqual(expect.any(Number));
      });

      it("PROV-REC-5 (R-DATA-1): deleteRecording deletes a processed recording, and deleting it again succeeds too", async () => {
        const { roomId, client } = await aBusyRoom();
        const started = await recordIn(roomId, client.streamId);
        await provider.stopRecording(started.id);
        await subject.finishProcessing(started.id);
        await expect(provider.deleteRecording(started.id)).resolves.toBeUndefined();
        // Deleting again (a retried deletion) is done too: a recording already gone is deleted.
        await expect(provider.deleteRecording(started.id)).resolves.toBeUndefined();
        const listed = await provider.listRecordings(roomId);
        const watchable = listed.filter(
          (recording) => recording.id === started.id && recording.status === "available",
        );
        expect(watchable).toEqual([]);
      });

      it("PROV-REC-6 (R-DATA-1): deleteRecording never reports deleted a recording still processing: gone for good, or a retriable PROVIDER_FAILED", async () => {
        const { roomId, client } = await aBusyRoom();
        const started = await recordIn(roomId, client.streamId);
        await provider.stopRecording(started.id);
        // Either it is gone for good, or the failure says to try again (the session stays to
        // delete later): a refusal read as "already gone" would leave the file at the provider.
        const outcome = await provider.deleteRecording(started.id).then(
          () => null,
          (error: unknown) => error,
        );
        if (outcome === null) {
          const listed = await provider.listRecordings(roomId);
          expect(listed.map((recording) => recording.id)).not.toContain(started.id);
        } else {
          expect(outcome).toMatchObject({ code: "PROVIDER_FAILED", retriable: true });
        }
      });

      it("PROV-REC-7 (R-DATA-1): deleteRecording succeeds, twice, for a recording that expired at the provider", async (context) => {
        const expire = subject.expireRecording;
        if (expire === undefined) return context.skip("the subject cannot expire a recording");
        const { roomId, client } = await aBusyRoom();
        const started = await recordIn(roomId, client.streamId);
        await provider.stopRecording(started.id);
        await subject.finishProcessing(started.id);
        await expire.call(subject, started.id);
        expect(await provider.getRecording(started.id)).toMatchObject({
          status: "expired",
          url: null,
        });
        // A session whose replay expired must still be deletable, and a retry must converge.
        await expect(provider.deleteRecording(started.id)).resolves.toBeUndefined();
        await expect(provider.deleteRecording(started.id)).resolves.toBeUndefined();
      });

      it("PROV-REC-8 (R-DATA-1): deleteRecording succeeds, twice, for a recording that failed at the provider", async (context) => {
        const fail = subject.failRecording;
        if (fail === undefined) return context.skip("the subject cannot fail a recording");
        const { roomId, client } = await aBusyRoom();
        const started = await recordIn(roomId, client.streamId);
        await provider.stopRecording(started.id);
        await fail.call(subject, started.id);
        expect(await provider.getRecording(started.id)).toMatchObject({
          status: "failed",
          url: null,
        });
        await expect(provider.deleteRecording(started.id)).resolves.toBeUndefined();
        await expect(provider.deleteRecording(started.id)).resolves.toBeUndefined();
      });

      it("PROV-REC-9: getRecording and stopRecording of an unknown recording fail with PROVIDER_FAILED", async () => {
        await expectLiveError(provider.getRecording("rec_does_not_exist"), "PROVIDER_FAILED");
        await expectLiveError(provider.stopRecording("rec_does_not_exist"), "PROVIDER_FAILED");
      });
    });

    describe("broadcast and stage", () => {
      it("PROV-CAST-1 (R-AUD-1): startBroadcast starts an HLS broadcast with an HTTPS playback URL, and stopBroadcast stops it", async () => {
        const { roomId, client } = await aBusyRoom();
        const started = await provider.startBroadcast(roomId, gridOf([client.streamId]));
        expect(started.status).toBe("started");
        expect(started.id.length).toBeGreaterThan(0);
        expect(started.hlsUrl).toMatch(/^https:\/\//);
        const stopped = await provider.stopBroadcast(started.id);
        expect(stopped).toMatchObject({ id: started.id, status: "stopped" });
      });

      it("PROV-STAGE-1 (R-STAGE-1): setStage applies a stage to the running recording and broadcast, and an empty stage with no outputs", async () => {
        const { roomId, client } = await aBusyRoom();
        const second = await subject.connectClient(roomId);
        const recording = await recordIn(roomId, client.streamId);
        const broadcast = await provider.startBroadcast(roomId, gridOf([client.streamId]));
        const stage: ProviderStage = {
          streamIds: [client.streamId, second.streamId],
          layout: "focus",
          focusStreamId: second.streamId,
        };
        await expect(
          provider.setStage(roomId, stage, {
            recordingId: recording.id,
            broadcastId: broadcast.id,
          }),
        ).resolves.toBeUndefined();
        await expect(
          provider.setStage(roomId, gridOf([]), { recordingId: null, broadcastId: null }),
        ).resolves.toBeUndefined();
      });
    });

    describe("connections", () => {
      it("PROV-CONN-1 (R-PERM-5): disconnect removes that client from the room, and only that one", async () => {
        const { roomId, client } = await aBusyRoom();
        const other = await subject.connectClient(roomId);
        if (subject.isConnected !== undefined) {
          expect(await subject.isConnected(roomId, client.connectionId)).toBe(true);
        }
        await expect(provider.disconnect(roomId, client.connectionId)).resolves.toBeUndefined();
        if (subject.isConnected !== undefined) {
          expect(
            await subject.isConnected(roomId, client.connectionId),
            "PROV-CONN-1: the disconnected client is still in the room",
          ).toBe(false);
          expect(await subject.isConnected(roomId, other.connectionId)).toBe(true);
        }
      });

      it("PROV-CONN-2: disconnect of an unknown connection succeeds (it is already gone)", async () => {
        const { roomId } = await provider.createRoom("ses_gone");
        await expect(provider.disconnect(roomId, "con_never_seen")).resolves.toBeUndefined();
      });
    });

    describe("webhooks", () => {
      it("PROV-HOOK-1 (R-SEC-1): parseWebhook accepts a correctly signed recording delivery and parses its event", async () => {
        const { roomId, client } = await aBusyRoom();
        const started = await recordIn(roomId, client.streamId);
        const delivery = await subject.webhooks.valid("recording-started", {
          roomId,
          recordingId: started.id,
          recordingName: started.name ?? "ses_contract-seg-0",
          connectionId: client.connectionId,
        });
        const events = await provider.parseWebhook(delivery.headers, delivery.body, subject.now());
        expect(events).toEqual([expect.objectContaining(delivery.expect)]);
        expect(events[0]).toMatchObject({
          type: "recording",
          roomId,
          recordingId: started.id,
          status: "started",
        });
      });

      it("PROV-HOOK-2 (R-SEC-1): parseWebhook accepts a correctly signed connection delivery, also given as bytes", async () => {
        const { roomId, client } = await aBusyRoom();
        const delivery = await subject.webhooks.valid("connection-created", {
          roomId,
          recordingId: "rec_unused",
          recordingName: "unused",
          connectionId: client.connectionId,
        });
        const bytes = new TextEncoder().encode(delivery.body);
        const events = await provider.parseWebhook(delivery.headers, bytes, subject.now());
        expect(events).toEqual([expect.objectContaining(delivery.expect)]);
        expect(events[0]).toMatchObject({
          type: "connection-created",
          roomId,
          connectionId: client.connectionId,
        });
      });

      it("PROV-HOOK-3 (R-SEC-1): parseWebhook refuses with UNAUTHORIZED a delivery whose body changed after signing", async () => {
        const { roomId, client } = await aBusyRoom();
        const delivery = await subject.webhooks.valid("connection-created", {
          roomId,
          recordingId: "rec_unused",
          recordingName: "unused",
          connectionId: client.connectionId,
        });
        expect(delivery.body).toContain(client.connectionId);
        const body = delivery.body.replaceAll(client.connectionId, "con_someone_else");
        await expectLiveError(
          provider.parseWebhook(delivery.headers, body, subject.now()),
          "UNAUTHORIZED",
        );
      });

      it("PROV-HOOK-4 (R-SEC-1): parseWebhook refuses an unsigned delivery with UNAUTHORIZED", async () => {
        const delivery = await subject.webhooks.unsigned();
        await expectLiveError(
          provider.parseWebhook(delivery.headers, delivery.body, subject.now()),
          "UNAUTHORIZED",
        );
      });

      it("PROV-HOOK-5 (R-SEC-1): parseWebhook refuses a delivery signed with another secret with UNAUTHORIZED", async () => {
        const delivery = await subject.webhooks.forged();
        await expectLiveError(
          provider.parseWebhook(delivery.headers, delivery.body, subject.now()),
          "UNAUTHORIZED",
        );
      });

      it("PROV-HOOK-6 (R-SEC-1): parseWebhook refuses a delivery signed more than 5 minutes before now with UNAUTHORIZED", async () => {
        const delivery = await subject.webhooks.stale();
        await expectLiveError(
          provider.parseWebhook(delivery.headers, delivery.body, subject.now()),
          "UNAUTHORIZED",
        );
      });

      it("PROV-HOOK-7 (R-SEC-1): parseWebhook refuses a valid delivery presented more than 5 minutes after signing", async () => {
        const { roomId, client } = await aBusyRoom();
        const delivery = await subject.webhooks.valid("connection-created", {
          roomId,
          recordingId: "rec_unused",
          recordingName: "unused",
          connectionId: client.connectionId,
        });
        await expectLiveError(
          provider.parseWebhook(delivery.headers, delivery.body, subject.now() + 6 * 60_000),
          "UNAUTHORIZED",
        );
      });
    });
  });
}
