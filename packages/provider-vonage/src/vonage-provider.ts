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
import { httpStatusOf, providerClosed, providerFailure } from "./provider-errors.js";
import {
  resolveVonageSettings,
  type VonageProviderOptions,
  type VonageResolution,
} from "./provider-options.js";
import { createSigningPool } from "./signing-pool.js";
import { classListsOf, layoutOf, streamChanges } from "./stage-layout.js";
import {
  broadcastInfoOf,
  readArchive,
  readArchiveList,
  readBroadcast,
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
    key: settings.webhookKey,
    logger,
  });
  if (settings.webhookKey === null) {
    logger.warn({ provider: "vonage" }, "webhook verification is OFF: development only (R-SEC-1)");
  }

  /** Runs one SDK call; any failure becomes PROVIDER_FAILED, logged without secrets. */
  async function call<T>(
    operation: string,
    context: Readonly<Record<string, string | number>>,
    run: () => Promise<T>,
  ): Promise<T> {
    if (closed) throw providerClosed(operation);
    try {
      return await run();
    } catch (error) {
      const failure = providerFailure(operation, error, settings.timeoutMs);
      logger.warn(
        {
          provider: "vonage",
          operation,
          ...context,
          status: httpStatusOf(error),
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

  const getBroadcast = async (broadcastId: string) =>
    readBroadcast(
      await call("getBroadcast", { broadcastId }, () => video.getBroadcast(broadcastId)),
      "getBroadcast",
    );

  async function setClassLists(roomId: string, stage: ProviderStage) {
    if (stage.streamIds.length === 0) return;
    await call("setStreamClassLists", { roomId }, () =>
      video.setStreamClassLists(roomId, classListsOf(stage)),
    );
  }

  async function fitArchive(recordingId: string, current: readonly string[], stage: ProviderStage) {
    const { add, remove } = streamChanges(current, stage.streamIds);
    // Adding before removing keeps the output from going blank between two stages.
    for (const streamId of add) {
      await call("addArchiveStream", { recordingId }, () =>
        video.addArchiveStream(recordingId, streamId, true, true),
      );
    }
    for (const streamId of remove) {
      await call("removeArchiveStream", { recordingId }, () =>
        video.removeArchiveStream(recordingId, streamId),
      );
    }
  }

  async function fitBroadcast(
    broadcastId: string,
    current: readonly string[],
    stage: ProviderStage,
  ) {
    const { add, remove } = streamChanges(current, stage.streamIds);
    for (const streamId of add) {
      await call("addBroadcastStream", { broadcastId }, () =>
        video.updateBroadcast({ broadcastId, addStream: streamId, hasAudio: true, hasVideo: true }),
      );
    }
    for (const streamId of remove) {
      await call("removeBroadcastStream", { broadcastId }, () =>
        video.updateBroadcast({ broadcastId, removeStream: streamId }),
      );
    }
  }

  async function applyToArchive(recordingId: string, stage: ProviderStage) {
    const archive = await getArchive(recordingId);
    await fitArchive(recordingId, archive.streams, stage);
    await call("updateArchiveLayout", { recordingId }, () =>
      video.updateArchiveLayout(recordingId, layoutOf(stage, settings.screenshareLayout)),
    );
  }

  async function applyToBroadcast(broadcastId: string, stage: ProviderStage) {
    const broadcast = await getBroadcast(broadcastId);
    await fitBroadcast(broadcastId, broadcast.streams, stage);
    // The SDK has no call for a broadcast's layout; its transport signs the request as usual.
    await call("updateBroadcastLayout", { broadcastId }, () =>
      video.sendPutRequest(
        `${videoHost}/v2/project/${applicationId}/broadcast/${encodeURIComponent(broadcastId)}/layout`,
        layoutOf(stage, settings.screenshareLayout),
      ),
    );
  }

  /**
   * A new output starts empty (manual stream mode); the stage is then added. If that part fails
   * the output is still running and reported, as a failed `setStage` is: the next stage change
   * applies it again.
   */
  async function fillNewOutput(kind: string, id: string, fill: () => Promise<void>) {
    try {
      await fill();
    } catch (error) {
      logger.error(
        {
          provider: "vonage",
          output: kind,
          id,
          code: error instanceof LiveError ? error.code : "UNKNOWN",
        },
        "the stage could not be applied to a new output",
      );
    }
  }

  return {
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
      return { token, providerRole, applicationId };
    },

    async startRecording(roomId, { name, stage }): Promise<RecordingInfo> {
      await setClassLists(roomId, stage);
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
      await fillNewOutput("recording", started.id, () =>
        fitArchive(started.id, started.streams, stage),
      );
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
        await call("deleteArchive", { recordingId }, () => video.deleteArchive(recordingId));
      } catch (error) {
        // Already gone: deleting is done (R-DATA-1 retries must converge).
        if (error instanceof LiveError && statusOfFailure(error) === 404) return;
        // 409: Vonage only deletes an available or uploaded archive. One still recording or
        // being processed will have a file soon: the caller must try again, not move on.
        if (error instanceof LiveError && conflictOf(error)) {
          const current = await getArchive(recordingId);
          if (["started", "paused", "stopped"].includes(current.status)) {
            throw new LiveError(
              "PROVIDER_FAILED",
              "Vonage is still making this recording; delete it again once it is processed.",
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
      await setClassLists(roomId, stage);
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
      const started = readBroadcast(
        await call("startBroadcast", { roomId }, () =>
          video.startBroadcast(roomId, config as unknown as BroadcastConfig),
        ),
        "startBroadcast",
      );
      await fillNewOutput("broadcast", started.id, () =>
        fitBroadcast(started.id, started.streams, stage),
      );
      logger.info({ provider: "vonage", roomId, broadcastId: started.id }, "broadcast started");
      return broadcastInfoOf(started);
    },

    async stopBroadcast(broadcastId) {
      try {
        const stopped = await call("stopBroadcast", { broadcastId }, () =>
          video.stopBroadcast(broadcastId),
        );
        return { ...broadcastInfoOf(readBroadcast(stopped, "stopBroadcast")), status: "stopped" };
      } catch (error) {
        if (error instanceof LiveError && conflictOf(error)) {
          const current = broadcastInfoOf(await getBroadcast(broadcastId));
          if (current.status === "stopped") return current;
        }
        throw error;
      }
    },

    async setStage(roomId, stage, outputs: StageOutputs) {
      await setClassLists(roomId, stage);
      await Promise.all([
        outputs.recordingId === null ? null : applyToArchive(outputs.recordingId, stage),
        outputs.broadcastId === null ? null : applyToBroadcast(outputs.broadcastId, stage),
      ]);
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
