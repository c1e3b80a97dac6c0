// The demo's VideoClient on the mock provider: the grant's token connects this user's client
// through the demo server (POST /demo/sessions/:id/client/…), which tells the mock provider what
// a browser would tell Vonage (connected, published, left). The media is real: cameras, screens
// and shared content are offered peer-to-peer to the other pages of the session (media-relay.ts),
// and other people's streams play here the same way. The room's stream list is polled.
import type {
  LocalPublication,
  RemoteStreamInfo,
  VideoClient,
  VideoRoom,
  VideoRoomEvents,
} from "@onair/client";
import type { ProviderConnection } from "@onair/core/browser";
import { createMediaRelay, type MediaRelay } from "./media-relay.js";

interface RoomAnswer {
  readonly streams: readonly {
    readonly streamId: string;
    readonly videoType: "camera" | "screen" | null;
    readonly publisher: string | null;
    readonly mine: boolean;
  }[];
  readonly client: { readonly connectionId: string } | null;
}

export interface DemoVideoClient extends VideoClient {
  /** Shows a stream in an element: this page's own media, or a labelled tile for another's. */
  attach(streamId: string, element: HTMLElement): () => void;
}

const pollEveryMs = 1500;
/** How long after a stream shows up in the room its owner may take to announce it to the relay. */
const announceGraceMs = 500;

async function post(path: string, body: unknown): Promise<RoomAnswer> {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as { detail?: string } | null;
    throw new Error(problem?.detail ?? `The demo server answered ${response.status}.`);
  }
  return (await response.json()) as RoomAnswer;
}

function showMedia(element: HTMLElement, media: MediaStream, label: string): () => void {
  const video = document.createElement("video");
  video.muted = true; // one's own microphone is never played back
  video.autoplay = true;
  video.playsInline = true;
  video.setAttribute("aria-label", label);
  video.srcObject = media;
  element.replaceChildren(video);
  void video.play().catch(() => undefined);
  return () => {
    video.srcObject = null;
    video.remove();
  };
}

export function createDemoVideoClient(sessionId: string): DemoVideoClient {
  const base = `/demo/sessions/${encodeURIComponent(sessionId)}/client`;
  const localMedia = new Map<string, MediaStream>();
  const publishers = new Map<string, string | null>();
  /** When each remote stream was first seen in the room. */
  const discovered = new Map<string, number>();
  /** How many elements show each remote stream: the relay stops watching it at none. */
  const watchers = new Map<string, number>();
  let relay: MediaRelay | null = null;
  const mediaRelay = () => {
    relay ??= createMediaRelay(sessionId);
    return relay;
  };

  const publish = async (videoType: "camera" | "screen", known: Set<string>) => {
    const answer = await post(`${base}/publish`, { videoType });
    const mine = answer.streams.find((s) => s.mine && !known.has(s.streamId));
    return mine?.streamId ?? null;
  };

  const client: DemoVideoClient = {
    attach(streamId, element) {
      const local = localMedia.get(streamId);
      if (local !== undefined) return showMedia(element, local, "Your own video");
      const seenAgo = Date.now() - (discovered.get(streamId) ?? 0);
      const remote = mediaRelay().watch(streamId, {
        firstAskAfterMs: Math.max(0, announceGraceMs - seenAgo),
      });
      watchers.set(streamId, (watchers.get(streamId) ?? 0) + 1);
      const hide = showMedia(element, remote, `${publishers.get(streamId) ?? "Someone"}'s stream`);
      let shown = true;
      return () => {
        if (!shown) return;
        shown = false;
        hide();
        const left = (watchers.get(streamId) ?? 1) - 1;
        if (left > 0) {
          watchers.set(streamId, left);
          return;
        }
        // Nobody shows it any more (it ended, or its tile went away): stop asking for it.
        watchers.delete(streamId);
        mediaRelay().unwatch(streamId);
      };
    },

    async connect(connection: ProviderConnection, events: VideoRoomEvents): Promise<VideoRoom> {
      const first = await post(`${base}/connect`, { token: connection.token });
      // This page's connection: its leave names it, so a late leave never ends a newer one.
      const connectionId = first.client?.connectionId ?? null;
      const seen = new Map<string, RemoteStreamInfo>();
      const mineIds = new Set<string>();
      let left = false;

      const update = (answer: RoomAnswer) => {
        const current = new Set<string>();
        for (const stream of answer.streams) {
          publishers.set(stream.streamId, stream.publisher);
          if (stream.mine) {
            mineIds.add(stream.streamId);
            continue;
          }
          current.add(stream.streamId);
          if (!discovered.has(stream.streamId)) discovered.set(stream.streamId, Date.now());
          if (!seen.has(stream.streamId)) {
            const info: RemoteStreamInfo = {
              streamId: stream.streamId,
              videoType: stream.videoType,
              hasVideo: stream.videoType === "screen",
              hasAudio: stream.videoType === "camera",
            };
            seen.set(stream.streamId, info);
            events.streamAdded(info);
          }
        }
        for (const streamId of [...seen.keys()]) {
          if (!current.has(streamId)) {
            seen.delete(streamId);
            events.streamRemoved(streamId);
          }
        }
      };
      update(first);

      const timer = setInterval(async () => {
        if (left) return;
        try {
          const response = await fetch(`/demo/sessions/${encodeURIComponent(sessionId)}/room`, {
            credentials: "same-origin",
          });
          if (!response.ok || left) return;
          const answer = (await response.json()) as RoomAnswer;
          if (answer.client === null) {
            // The provider dropped this connection (taken over by a newer one, or removed).
            stop();
            events.disconnected("forced");
            return;
          }
          update(answer);
        } catch {
          // A missed poll is retried at the next one.
        }
      }, pollEveryMs);

      const owned = new Set<MediaStream>();
      const relayOf = mediaRelay;
      const stop = () => {
        left = true;
        clearInterval(timer);
        window.removeEventListener("pagehide", leaveWithThePage);
        for (const media of owned) for (const track of media.getTracks()) track.stop();
        owned.clear();
      };
      // A tab closed or reloaded leaves the room at once, as the video SDK's connection closing
      // with the page does: the moderator's presence count drops by itself, nothing waits to
      // expire. `keepalive` lets the request outlive the page.
      function leaveWithThePage() {
        if (left) return;
        stop();
        if (connectionId === null) return;
        void fetch(`${base}/leave`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ connectionId }),
          credentials: "same-origin",
          keepalive: true,
        }).catch(() => undefined);
      }
      window.addEventListener("pagehide", leaveWithThePage);

      const publication = (streamId: string | null, stream: MediaStream): LocalPublication => {
        const media = stream;
        owned.add(media);
        if (streamId !== null) {
          localMedia.set(streamId, media);
          void relayOf()
            .offer(streamId, media)
            .catch(() => undefined);
        }
        let stopped = false;
        return {
          streamId,
          async setVideo(on) {
            const tracks = media.getVideoTracks();
            if (on && tracks.length === 0) {
              const camera = await navigator.mediaDevices
                .getUserMedia({ video: true })
                .catch(() => null);
              for (const track of camera?.getVideoTracks() ?? []) media.addTrack(track);
              if (streamId !== null) await relayOf().refresh(streamId);
            }
            for (const track of media.getVideoTracks()) track.enabled = on;
          },
          async setAudio(on) {
            for (const track of media.getAudioTracks()) track.enabled = on;
          },
          async stop() {
            if (stopped) return;
            stopped = true;
            for (const track of media.getTracks()) track.stop();
            owned.delete(media);
            if (streamId !== null) {
              localMedia.delete(streamId);
              relayOf().withdraw(streamId);
              if (!left) await post(`${base}/unpublish`, { streamId }).catch(() => undefined);
            }
          },
        };
      };

      return {
        async publishCamera(options) {
          const video: MediaTrackConstraints | boolean =
            options.videoDeviceId === undefined ? true : { deviceId: options.videoDeviceId };
          const audio: MediaTrackConstraints | boolean =
            options.audioDeviceId === undefined ? true : { deviceId: options.audioDeviceId };
          const media =
            (await navigator.mediaDevices
              ?.getUserMedia({ video: options.publishVideo ? video : false, audio })
              .catch(() => null)) ?? new MediaStream();
          for (const track of media.getVideoTracks()) track.enabled = options.publishVideo;
          const streamId = await publish("camera", mineIds);
          if (streamId !== null) mineIds.add(streamId);
          const handle = publication(streamId, media);
          if (options.element !== undefined && streamId !== null) {
            client.attach(streamId, options.element);
          }
          return handle;
        },
        async publishScreen(options) {
          const media = await navigator.mediaDevices.getDisplayMedia({ video: true });
          const streamId = await publish("screen", mineIds);
          if (streamId !== null) mineIds.add(streamId);
          if (options?.element !== undefined && streamId !== null) {
            client.attach(streamId, options.element);
          }
          return publication(streamId, media);
        },
        async publishTrack(track, options) {
          const media = new MediaStream([track.clone()]);
          const streamId = await publish("screen", mineIds);
          if (streamId !== null) mineIds.add(streamId);
          if (options?.element !== undefined && streamId !== null) {
            client.attach(streamId, options.element);
          }
          return publication(streamId, media);
        },
        async subscribe(streamId, element) {
          const detach = client.attach(streamId, element);
          return { stop: async () => detach() };
        },
        async leave() {
          if (left) return;
          stop();
          if (connectionId !== null) {
            await post(`${base}/leave`, { connectionId }).catch(() => undefined);
          }
        },
      };
    },
  };
  return client;
}
