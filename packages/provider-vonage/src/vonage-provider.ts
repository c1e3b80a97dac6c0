// The production LiveProvider: onair's port on the Vonage Video API through @vonage/video.
// Rooms are routed sessions; the replay is composed archives and the audience an HLS broadcast,
// both in manual stream mode so that only the stage reaches them (R-STAGE-1, R-AUD-1).
import type {
  BroadcastInfo,
  LiveProvider,
  ProviderStage,
  RecordingInfo,
  StageOutputs,
  TokenRequest,
} from "@onair/core";
import { LiveError, providerRoleOf } from "@onair/core";
import { Auth } from "@vonage/auth";
import {
  type ArchiveLayout,
  ArchiveMode,
  ArchiveOutputMode,
  type BroadcastConfig,
  MediaMode,
  Resolution,
  StreamMode,
  Video,
} from "@vonage/video";
import { clientTokenSigningInput, createClientTokenSigner } from "./client-token.js";
import { createWebhookParser } from "./parse-webhook.js";
import {
  httpStatusOf,
  partialFailure,
  providerClosed,
  providerFailure,
} from "./provider-errors.js";
import {
  resolveVonageSettings,
  type VonageProviderOptions,
  type VonageResolution,
} from "./provider-options.js";
import { createSigningPool } from "./signing-pool.js";
import { classListsOf, layoutOf, streamChanges } from "./stage-layout.js";
import {
  type BroadcastAnswer,
  broadcastInfoOf,
  readArchive,
  readArchiveList,
  readBroadcast,
  readBroadcastList,
  recordingInfoOf,
} from "./vonage-answers.js";

/** Signal type sent to a client just before it is disconnected, with the reason as data. */
export const disconnectSignalType = "onair-disconnect";

/** Vonage rejects connection data longer than this. */
export const maxConnectionDataLength = 1000;

const defaultVideoHost = "https://video.api.vonage.com";

const resolutionOf: Readonly<Record<VonageResolution, Resolution>> = {
  "640x480": Resolution.SD_LANDSCAPE,
  "480x640": Resolution.SD_PORTRAIT,
  "1280x720": Resolution.HD_LANDSCAPE,
  "720x1280": Resolution.HD_PORTRAIT,
  "1920x1080": Resolution.FHD_LANDSCAPE,
  "1080x1920": Resolution.FHD_PORTRAIT,
};
const archivePage = 1000;
const broadcastPage = 1000;

/** A running archive or broadcast, as the stage is applied to it. */
interface StageOutput {
  readonly kind: "recording" | "broadcast";
  readonly id: string;
  /** The streams the output holds now. */
  streams(): Promise<readonly string[]>;
  add(streamId: string): Promise<void>;
  remove(streamId: string): Promise<void>;
  layout(stage: ProviderStage): Promise<void>;
}

// The SDK types a broadcast's `layout` as a layout name; the REST API wants the layout object.
type BroadcastStart = Omit<BroadcastConfig, "layout"> & { readonly layout: ArchiveLayout };

/** The Vonage `LiveProvider`, with `close()` to stop it when the server shuts down. */
export interface VonageProvider extends LiveProvider {
  /**
   * Stops the client-token signing threads, if any; every later call, and every token still
   * waiting for a thread, is refused with PROVIDER_FAILED (not retriable). Idempotent.
   */
  close(): Promise<void>;
}

export function createVonageProvider(options: VonageProviderOptions): VonageProvider {
  const settings = resolveVonageSettings(options);
  const { applicationId, logger, clock } = settings;
  const video = new Video(new Auth({ applicationId, privateKey: settings.privateKeyPem }), {
    ...(settings.videoHost === undefined ? {} : { videoHost: settings.videoHost }),
    timeout: settings.timeoutMs,
    appendUserAgent: "onair",
  });
  const videoHost = (settings.videoHost ?? defaultVideoHost).replace(/\/+$/, "");
  const signInline = createClientTokenSigner(applicationId, settings.privateKey);
  const pool =
    settings.signing === null
      ? null
      : createSigningPool({ ...settings.signing, privateKey: settings.privateKey, logger });
  let closed = false;
  const parseWebhook = createWebhookParser({
    applicationId,
    keys: settings.webhookKeys,
    logger,
  });
  if (settings.webhookKeys === null) {
    logger.warn({ provider: "vonage" }, "webhook verification is OFF: development only (R-SEC-1)");
  }

  /**
   * Runs one SDK call; any failure becomes PROVIDER_FAILED, logged without secrets. Failures with
   * an `expected` HTTP status (ones the caller handles, like 404 for "already gone") are only
   * logged at debug level.
   */
  async function call<T>(
    operation: string,
    context: Readonly<Record<string, string | number>>,
    run: () => Promise<T>,
    expected: readonly number[] = [],
  ): Promise<T> {
    if (closed) throw providerClosed(operation);
    try {
      return await run();
    } catch (error) {
      const failure = providerFailure(operation, error, settings.timeoutMs);
      const status = httpStatusOf(error);
      const level = status !== null && expected.includes(status) ? "debug" : "warn";
      logger[level](
        {
          provider: "vonage",
          operation,
          ...context,
          status,
          retriable: failure.retriable,
        },
        failure.message,
      );
      throw failure;
    }
  }

  const getArchive = async (recordingId: string) =>
    readArchive(
      await call("getArchive", { recordingId }, () => video.getArchive(recordingId)),
      "getArchive",
    );

  /** The archive's status at Vonage, or null when Vonage does not know it (any more). */
  async function archiveStatusOf(recordingId: string): Promise<string | null> {
    try {
      return (await getArchive(recordingId)).status;
    } catch (error) {
      if (error instanceof LiveError && isGoneArchive(error)) return null;
      throw error;
    }
  }

  const getBroadcast = async (broadcastId: string) =>
    readBroadcast(
      await call("getBroadcast", { broadcastId }, () => video.getBroadcast(broadcastId)),
      "getBroadcast",
    );

  /**
   * Sets the layout classes of the stage's streams, best effort: they only say which stream is
   * large, so a failure is logged (by `call`) and never stops or fails what the stage changes.
   */
  async function setClassLists(roomId: string, stage: ProviderStage): Promise<void> {
    if (stage.streamIds.length === 0) return;
    try {
      await call("setStreamClassLists", { roomId }, () =>
        video.setStreamClassLists(roomId, classListsOf(stage)),
      );
    } catch {
      // Logged by `call`; the next stage change sets them again.
    }
  }

  const archiveOutput = (recordingId: string): StageOutput => ({
    kind: "recording",
    id: recordingId,
    streams: async () => (await getArchive(recordingId)).streams,
    add: (streamId) =>
      call(
        "addArchiveStream",
        { recordingId },
        () => video.addArchiveStream(recordingId, streamId, true, true),
        [404],
      ),
    remove: (streamId) =>
      call(
        "removeArchiveStream",
        { recordingId },
        () => video.removeArchiveStream(recordingId, streamId),
        [404],
      ),
    layout: async (stage) => {
      await call("updateArchiveLayout", { recordingId }, () =>
        video.updateArchiveLayout(recordingId, layoutOf(stage, settings.screenshareLayout)),
      );
    },
  });

  const broadcastOutput = (broadcastId: string): StageOutput => ({
    kind: "broadcast",
    id: broadcastId,
    streams: async () => (await getBroadcast(broadcastId)).streams,
    add: (streamId) =>
      call(
        "addBroadcastStream",
        { broadcastId },
        () =>
          video.updateBroadcast({
            broadcastId,
            addStream: streamId,
            hasAudio: true,
            hasVideo: true,
          }),
        [404],
      ),
    remove: (streamId) =>
      call(
        "removeBroadcastStream",
        { broadcastId },
        () => video.updateBroadcast({ broadcastId, removeStream: streamId }),
        [404],
      ),
    layout: async (stage) => {
      // The SDK has no call for a broadcast's layout; its transport signs the request as usual.
      await call("updateBroadcastLayout", { broadcastId }, () =>
        video.sendPutRequest(
          `${videoHost}/v2/project/${applicationId}/broadcast/${encodeURIComponent(broadcastId)}/layout`,
          layoutOf(stage, settings.screenshareLayout),
        ),
      );
    },
  });

  const asFailure = (error: unknown) =>
    error instanceof LiveError ? error : providerFailure("setStage", error, settings.timeoutMs);

  /** Runs one step, keeping its failure in `failures` instead of throwing it. */
  async function attempt(failures: LiveError[], step: () => Promise<unknown>): Promise<void> {
    try {
      await step();
    } catch (error) {
      failures.push(asFailure(error));
    }
  }

  /**
   * Makes `output` hold exactly the stage's streams. Removals come first and each is tried
   * whatever happens to the others, so that a failure never keeps a stream taken off the stage on
   * air (R-STAGE-1); additions come next. A 404 means the stream is gone (it just ended: Vonage
   * dropped it, or cannot add it): that stream is done.
   */
  async function fitStreams(
    output: StageOutput,
    current: readonly string[],
    stage: ProviderStage,
    failures: LiveError[],
  ): Promise<void> {
    const { add, remove } = streamChanges(current, stage.streamIds);
    for (const streamId of remove) {
      await attempt(failures, () => unlessGone(() => output.remove(streamId)));
    }
    for (const streamId of add) {
      await attempt(failures, () => unlessGone(() => output.add(streamId)));
    }
  }

  /** Stream changes, then the layout, of a running output; every part is tried. */
  async function applyStage(
    output: StageOutput,
    current: readonly string[] | null,
    stage: ProviderStage,
    failures: LiveError[],
  ): Promise<void> {
    let streams = current;
    if (streams === null) {
      try {
        streams = await output.streams();
      } catch (error) {
        // Without the output's streams there is no telling what to remove: the layout is still set.
        failures.push(asFailure(error));
      }
    }
    if (streams !== null) await fitStreams(output, streams, stage, failures);
    await attempt(failures, () => output.layout(stage));
  }

  /**
   * A new output starts empty (manual stream mode); the stage is then added. If that part fails
   * the output is still running and reported, as a failed `setStage` is: the next stage change
   * applies it again.
   */
  async function fillNewOutput(
    output: StageOutput,
    current: readonly string[],
    stage: ProviderStage,
    options: { readonly layout: boolean },
  ): Promise<void> {
    const failures: LiveError[] = [];
    if (options.layout) await applyStage(output, current, stage, failures);
    else await fitStreams(output, current, stage, failures);
    if (failures.length > 0) {
      logger.error(
        {
          provider: "vonage",
          output: output.kind,
          id: output.id,
          code: "PROVIDER_FAILED",
          retriable: failures.some((failure) => failure.retriable),
        },
        "the stage could not be applied to a new output",
      );
    }
  }

  /** The broadcast running in `roomId` (started, without a multi-broadcast tag), if any. */
  async function runningBroadcastOf(roomId: string): Promise<BroadcastAnswer | null> {
    for (let offset = 0; ; offset += broadcastPage) {
      const page = readBroadcastList(
        await call("searchBroadcasts", { roomId }, () =>
          video.searchBroadcasts({ sessionId: roomId, offset, count: broadcastPage }),
        ),
        "searchBroadcasts",
      );
      for (const item of page.items) {
        const broadcast = readBroadcast(item, "searchBroadcasts");
        if (
          broadcast.sessionId === roomId &&
          broadcast.status === "started" &&
          (broadcast.multiBroadcastTag ?? null) === null
        ) {
          return broadcast;
        }
      }
      if (page.items.length < broadcastPage || offset + broadcastPage >= page.count) return null;
    }
  }

  return {
    // Vonage: HLS URLs "should not be accessed until 15–20 seconds" after the broadcast starts.
    broadcastWarmupMs: 20_000,
    // Vonage composes at most 16 videos in an archive or a broadcast layout.
    limits: { maxStageStreams: 16 },

    async close() {
      closed = true;
      await pool?.close();
    },

    async createRoom(sessionId) {
      const session = await call("createSession", { sessionId }, () =>
        // Routed sessions go through Vonage's media router, which archiving needs.
        video.createSession({ mediaMode: MediaMode.ROUTED, archiveMode: ArchiveMode.MANUAL }),
      );
      if (typeof session.sessionId !== "string" || session.sessionId === "") {
        throw new LiveError("PROVIDER_FAILED", "Vonage answered createSession unexpectedly.");
      }
      logger.info({ provider: "vonage", sessionId, roomId: session.sessionId }, "room created");
      return { roomId: session.sessionId };
    },

    async issueToken(roomId, request: TokenRequest) {
      if (closed) throw providerClosed("issueToken");
      if (typeof roomId !== "string" || roomId === "") {
        throw new LiveError("INVALID_INPUT", "A token needs a room.", {
          issues: [{ path: "roomId", message: "Required." }],
        });
      }
      if (!["moderator", "speaker", "attendee"].includes(request.role)) {
        throw new LiveError("INVALID_INPUT", "Unknown role.", {
          issues: [{ path: "role", message: "Expected moderator, speaker or attendee." }],
        });
      }
      const data = request.connectionData;
      if (typeof data !== "string" || data.length > maxConnectionDataLength) {
        throw new LiveError(
          "INVALID_INPUT",
          `Connection data must be a string of at most ${maxConnectionDataLength} characters.`,
          { issues: [{ path: "connectionData", message: "Too long." }] },
        );
      }
      // Connection data reaches every client of the room: an opaque id, never an email (R-DATA-1).
      if (data.includes("@")) {
        throw new LiveError("INVALID_INPUT", "Connection data must be opaque, never an email.", {
          issues: [{ path: "connectionData", message: "Looks like an email." }],
        });
      }
      const now = Math.floor(clock.now() / 1000);
      const requested = Math.floor(request.expiresAt / 1000);
      if (!Number.isFinite(requested) || requested <= now) {
        throw new LiveError("INVALID_INPUT", "A token must expire in the future.", {
          issues: [{ path: "expiresAt", message: "Not in the future." }],
        });
      }
      const providerRole = providerRoleOf(request.role);
      const claims = {
        sessionId: roomId,
        role: providerRole,
        data,
        issuedAt: now,
        expiresAt: Math.min(requested, now + settings.tokenLifetimeSeconds),
      };
      let token: string;
      if (pool === null) {
        token = signInline(claims);
      } else {
        const signed = clientTokenSigningInput(applicationId, claims);
        token = `${signed}.${await pool.sign(signed)}`;
      }
      return {
        providerRole,
        connection: { provider: "vonage", applicationId, roomId, token },
      };
    },

    async startRecording(roomId, { name, stage }): Promise<RecordingInfo> {
      // The output starts first: stream classes are cosmetic and must never keep it from starting.
      const started = readArchive(
        await call("startArchive", { roomId }, () =>
          video.startArchive(roomId, {
            name,
            outputMode: ArchiveOutputMode.COMPOSED,
            resolution: resolutionOf[settings.recording.resolution],
            streamMode: StreamMode.MANUAL,
            hasAudio: true,
            hasVideo: true,
            layout: layoutOf(stage, settings.screenshareLayout),
          }),
        ),
        "startArchive",
      );
      await fillNewOutput(archiveOutput(started.id), started.streams, stage, { layout: false });
      await setClassLists(roomId, stage);
      logger.info(
        { provider: "vonage", roomId, recordingId: started.id, name },
        "recording started",
      );
      return recordingInfoOf(started, "startArchive");
    },

    async stopRecording(recordingId) {
      try {
        const stopped = await call("stopArchive", { recordingId }, () =>
          video.stopArchive(recordingId),
        );
        return recordingInfoOf(readArchive(stopped, "stopArchive"), "stopArchive");
      } catch (error) {
        // 409: Vonage stopped it already (idle room, maximum duration): report how it ended.
        if (error instanceof LiveError && conflictOf(error)) {
          const current = recordingInfoOf(await getArchive(recordingId), "getArchive");
          if (current.status !== "started" && current.status !== "paused") return current;
        }
        throw error;
      }
    },

    async listRecordings(roomId) {
      const found: RecordingInfo[] = [];
      for (let offset = 0; ; offset += archivePage) {
        const page = readArchiveList(
          await call("searchArchives", { roomId }, () =>
            video.searchArchives({ sessionId: roomId, offset, count: archivePage }),
          ),
          "searchArchives",
        );
        for (const item of page.items) {
          const archive = readArchive(item, "searchArchives");
          if (archive.sessionId !== roomId || archive.status === "deleted") continue;
          found.push(recordingInfoOf(archive, "searchArchives"));
        }
        if (page.items.length < archivePage || offset + archivePage >= page.count) break;
      }
      return found.sort((a, b) => a.createdAt - b.createdAt);
    },

    async getRecording(recordingId) {
      return recordingInfoOf(await getArchive(recordingId), "getArchive");
    },

    async deleteRecording(recordingId) {
      try {
        await call(
          "deleteArchive",
          { recordingId },
          () => video.deleteArchive(recordingId),
          [400, 404, 409],
        );
      } catch (error) {
        // Already gone: deleting is done (R-DATA-1 retries must converge).
        if (error instanceof LiveError && isGoneArchive(error)) return;
        // 409: Vonage only deletes an archive that is uploaded, available or deleted.
        if (error instanceof LiveError && conflictOf(error)) {
          const status = await archiveStatusOf(recordingId);
          // Expired, failed or deleted: Vonage holds no file any more, nothing is left to delete.
          if (status === null || goneStatuses.has(status)) return;
          // Still recording or being processed (or it just changed): it will have a file soon,
          // so the caller must try again, not move on.
          if (pendingStatuses.has(status)) {
            logger.warn(
              { provider: "vonage", operation: "deleteArchive", recordingId, archive: status },
              "recording not deletable yet",
            );
            throw new LiveError(
              "PROVIDER_FAILED",
              "Vonage cannot delete this recording yet (it is still being made or processed); delete it again later.",
              {
                retriable: true,
                cause: { operation: "deleteArchive", kind: "http", status: 409 },
              },
            );
          }
        }
        throw error;
      }
    },

    async startBroadcast(roomId, stage): Promise<BroadcastInfo> {
      // The output starts first: stream classes are cosmetic and must never keep it from starting.
      const config: BroadcastStart = {
        layout: layoutOf(stage, settings.screenshareLayout),
        outputs: {
          hls: { lowLatency: settings.broadcast.lowLatency, dvr: settings.broadcast.dvr },
          rtmp: [],
        },
        maxDuration: settings.broadcast.maxDurationSeconds,
        resolution: resolutionOf[settings.broadcast.resolution],
        streamMode: StreamMode.MANUAL,
        hasAudio: true,
        hasVideo: true,
      };
      let started: BroadcastAnswer;
      let adopted = false;
      try {
        started = readBroadcast(
          await call(
            "startBroadcast",
            { roomId },
            () => video.startBroadcast(roomId, config as unknown as BroadcastConfig),
            [409],
          ),
          "startBroadcast",
        );
      } catch (error) {
        // 409: "The broadcast has already started for the session". A start whose answer was
        // lost (a timeout) did start it: the running broadcast is adopted as this start's.
        if (!(error instanceof LiveError && conflictOf(error))) throw error;
        const running = await runningBroadcastOf(roomId);
        if (running === null) throw error;
        started = running;
        adopted = true;
      }
      // An adopted broadcast holds whatever it held: it gets the whole stage, layout included.
      await fillNewOutput(broadcastOutput(started.id), started.streams, stage, {
        layout: adopted,
      });
      await setClassLists(roomId, stage);
      logger.info(
        { provider: "vonage", roomId, broadcastId: started.id },
        adopted ? "running broadcast adopted" : "broadcast started",
      );
      return broadcastInfoOf(started);
    },

    async stopBroadcast(broadcastId) {
      try {
        const stopped = await call(
          "stopBroadcast",
          { broadcastId },
          () => video.stopBroadcast(broadcastId),
          [404, 409],
        );
        return { ...broadcastInfoOf(readBroadcast(stopped, "stopBroadcast")), status: "stopped" };
      } catch (error) {
        // 404: Vonage's answer for a broadcast "not found or already stopped" (idle room,
        // maxDuration, an earlier stop whose answer was lost); some of Vonage's SDKs and older
        // API versions answer 409 for the same. Nothing runs under this id: done.
        const status = error instanceof LiveError ? statusOfFailure(error) : null;
        if (status === 404 || status === 409) {
          return { id: broadcastId, status: "stopped", hlsUrl: null };
        }
        throw error;
      }
    },

    async setStage(roomId, stage, outputs: StageOutputs) {
      if (closed) throw providerClosed("setStage");
      const failures: LiveError[] = [];
      const running = [
        outputs.recordingId === null ? null : archiveOutput(outputs.recordingId),
        outputs.broadcastId === null ? null : broadcastOutput(outputs.broadcastId),
      ].filter((output) => output !== null);
      // Every part is tried whatever fails (R-STAGE-1): streams (removals first), then layouts,
      // then the stream classes, best effort. Then one failure says what did not pass.
      await Promise.all(running.map((output) => applyStage(output, null, stage, failures)));
      await setClassLists(roomId, stage);
      if (failures.length > 0) throw partialFailure("setStage", failures);
    },

    async disconnect(roomId, connectionId, reason) {
      if (closed) throw providerClosed("disconnectClient");
      if (reason !== undefined) {
        try {
          // Best effort, so that the client can say why it was disconnected (R-PERM-6).
          await video.sendSignal(
            { type: disconnectSignalType, data: reason.slice(0, 128) },
            roomId,
            connectionId,
          );
        } catch (error) {
          logger.debug(
            { provider: "vonage", roomId, connectionId, status: httpStatusOf(error) },
            "disconnect signal not delivered",
          );
        }
      }
      try {
        await call("disconnectClient", { roomId, connectionId }, () =>
          video.disconnectClient(roomId, connectionId),
        );
      } catch (error) {
        // The client left already: what was asked is done.
        if (error instanceof LiveError && statusOfFailure(error) === 404) return;
        throw error;
      }
    },

    async parseWebhook(headers, rawBody, now) {
      if (closed) throw providerClosed("parseWebhook");
      return parseWebhook(headers, rawBody, now);
    },
  };
}

function statusOfFailure(error: LiveError): number | null {
  const cause = error.cause as { status?: unknown } | undefined;
  return typeof cause?.status === "number" ? cause.status : null;
}

const conflictOf = (error: LiveError) => statusOfFailure(error) === 409;

/**
 * An archive Vonage does not know (any more): 404, or 400, which Vonage's reference gives for "an
 * invalid archive ID" on reading one.
 */
const isGoneArchive = (error: LiveError) => {
  const status = statusOfFailure(error);
  return status === 404 || status === 400;
};

/** Failures with a 404 (the stream or output is gone) are what was asked: done. */
async function unlessGone(step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (error instanceof LiveError && statusOfFailure(error) === 404) return;
    throw error;
  }
}

/** Archive statuses with no file left at Vonage: nothing to delete. */
const goneStatuses: ReadonlySet<string> = new Set(["expired", "failed", "deleted"]);
/** Archive statuses with a file to come (or there): deleting it later will work. */
const pendingStatuses: ReadonlySet<string> = new Set([
  "started",
  "paused",
  "stopped",
  "uploaded",
  "available",
]);
