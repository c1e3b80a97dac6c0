// createVonageVideoClient: the VideoClient port on `@vonage/client-sdk-video`. The SDK (843 kB gz)
// is an optional peer, imported lazily on the first connect together with the room code, so
// neither weighs on a page's bundle.
import { LiveError } from "@onair/core/browser";
import type { GrantConnection, VideoClient, VideoRoom, VideoRoomEvents } from "./video-client.js";

export interface VonageVideoClientOptions {
  /**
   * Loads the SDK; defaults to `import("@vonage/client-sdk-video")`. Pass another loader to serve
   * the SDK from your own chunk or CDN, or `() => Promise.resolve(window.OT)`.
   */
  readonly loadSdk?: () => Promise<unknown>;
}

export function createVonageVideoClient(options: VonageVideoClientOptions = {}): VideoClient {
  const loadSdk = options.loadSdk ?? (() => import("@vonage/client-sdk-video"));
  let sdk: Promise<unknown> | undefined;
  const load = (): Promise<unknown> => {
    sdk ??= loadSdk().catch((error: unknown) => {
      sdk = undefined; // a failed chunk load may succeed next time
      throw new LiveError(
        "PROVIDER_FAILED",
        "Could not load the Vonage client SDK: install @vonage/client-sdk-video.",
        { retriable: true, cause: error },
      );
    });
    return sdk;
  };

  return {
    async connect(connection: GrantConnection, events: VideoRoomEvents): Promise<VideoRoom> {
      if (connection.provider !== "vonage") {
        throw new LiveError(
          "INVALID_INPUT",
          `This grant is for the "${connection.provider}" provider, not Vonage: use the video client that matches the server's provider.`,
        );
      }
      const [sdkModule, { connectVonageRoom }] = await Promise.all([
        load(),
        import("./vonage-room.js"),
      ]);
      return connectVonageRoom(sdkModule, connection, events);
    },
  };
}
