// Which video client a demo page uses, chosen from the grant's tagged `connection`: a Vonage
// connection gets `createVonageVideoClient()` of @onair/client (the Vonage SDK is loaded on the
// first connect, from its own chunk), any other the demo's peer-to-peer relay client for the mock
// provider. Each client is created on first use only, so a page on the mock never loads the
// Vonage SDK and a page on Vonage never opens the relay. On Vonage, tiles show what the SDK shows:
// one's own publications in the element the SDK was given, other people's streams subscribed.
import {
  createVonageVideoClient,
  type LocalPublication,
  type VideoClient,
  type VideoRoom,
} from "@onair/client";
import type { ProviderConnection } from "@onair/core/browser";
import { createDemoVideoClient, type DemoVideoClient } from "./demo-video-client.js";
import { createMediaRelay, type MediaRelay } from "./media-relay.js";

export type VideoClientKind = "vonage" | "relay";

/** The client a connection needs: Vonage's SDK for a Vonage grant, the relay for the mock's. */
export function videoClientKindOf(connection: ProviderConnection): VideoClientKind {
  return connection.provider === "vonage" ? "vonage" : "relay";
}

/**
 * Whether the moderator's browser records the stage for the replay: only on the mock provider
 * (on Vonage the replay is Vonage's archive). False until the grant is known.
 */
export function browserRecordsReplay(grant: { readonly connection: ProviderConnection } | null) {
  return grant !== null && videoClientKindOf(grant.connection) === "relay";
}

export interface ChosenVideoClient extends DemoVideoClient {
  /** The client of the last connect; null before the first. */
  readonly kind: VideoClientKind | null;
}

export interface VideoClientChoiceOptions {
  /** Default: the demo's relay client for `sessionId`. */
  readonly relay?: () => DemoVideoClient;
  /** Default: `createVonageVideoClient()`. */
  readonly vonage?: () => VideoClient;
  /** Makes the element the SDK puts one's own publication in. Default: a `div`. */
  readonly holder?: () => HTMLElement;
}

/** Vonage's client, with `attach` for the tiles the control room renders. */
function withTiles(client: VideoClient, holder: () => HTMLElement): DemoVideoClient {
  let room: VideoRoom | null = null;
  /** One's own publications: the element the SDK shows each in, by stream id. */
  const own = new Map<string, HTMLElement>();
  const shown = async (
    publish: (element: HTMLElement) => Promise<LocalPublication>,
    given: HTMLElement | undefined,
  ): Promise<LocalPublication> => {
    // An element the caller gave stays where the caller put it.
    if (given !== undefined) return publish(given);
    const element = holder();
    const publication = await publish(element);
    if (publication.streamId === null) return publication;
    const streamId = publication.streamId;
    own.set(streamId, element);
    return {
      streamId,
      setVideo: (on) => publication.setVideo(on),
      setAudio: (on) => publication.setAudio(on),
      async stop() {
        own.delete(streamId);
        await publication.stop();
      },
    };
  };
  return {
    async connect(connection, events) {
      const connected = await client.connect(connection, events);
      room = connected;
      return {
        publishCamera: (options) =>
          shown((element) => connected.publishCamera({ ...options, element }), options.element),
        publishScreen: (options) =>
          shown((element) => connected.publishScreen({ element }), options?.element),
        publishTrack: (track, options) =>
          shown(
            (element) => connected.publishTrack(track, { ...options, element }),
            options?.element,
          ),
        subscribe: (streamId, element) => connected.subscribe(streamId, element),
        async leave() {
          own.clear();
          if (room === connected) room = null;
          await connected.leave();
        },
      };
    },
    attach(streamId, element) {
      const mine = own.get(streamId);
      if (mine !== undefined) {
        element.replaceChildren(mine);
        return () => mine.remove();
      }
      if (room === null) return () => {};
      const subscribed = room.subscribe(streamId, element);
      let detached = false;
      void subscribed.catch(() => undefined);
      return () => {
        if (detached) return;
        detached = true;
        void subscribed.then((s) => s.stop()).catch(() => undefined);
      };
    },
  };
}

/** The control room's video client: Vonage's or the relay's, as each grant's connection says. */
export function createVideoClientChoice(
  sessionId: string,
  options: VideoClientChoiceOptions = {},
): ChosenVideoClient {
  const clients = new Map<VideoClientKind, DemoVideoClient>();
  const clientOf = (kind: VideoClientKind): DemoVideoClient => {
    let client = clients.get(kind);
    if (client === undefined) {
      client =
        kind === "vonage"
          ? withTiles(
              options.vonage?.() ?? createVonageVideoClient(),
              options.holder ?? (() => document.createElement("div")),
            )
          : (options.relay?.() ?? createDemoVideoClient(sessionId));
      clients.set(kind, client);
    }
    return client;
  };
  let kind: VideoClientKind | null = null;
  return {
    get kind() {
      return kind;
    },
    connect(connection, events) {
      kind = videoClientKindOf(connection);
      return clientOf(kind).connect(connection, events);
    },
    attach(streamId, element) {
      return kind === null ? () => {} : clientOf(kind).attach(streamId, element);
    },
  };
}

/** The event page's relay (subscriber delivery on the mock), opened on the first stream watched. */
export function lazyMediaRelay(
  sessionId: string,
  create: (sessionId: string) => MediaRelay = createMediaRelay,
): Pick<MediaRelay, "watch"> {
  let relay: MediaRelay | null = null;
  return {
    watch(streamId) {
      relay ??= create(sessionId);
      return relay.watch(streamId);
    },
  };
}
