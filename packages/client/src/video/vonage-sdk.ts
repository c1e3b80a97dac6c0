// The part of `@vonage/client-sdk-video` (OpenTok.js) this package calls, written structurally so
// the SDK stays an optional peer: nothing here imports it, and its types never reach ours.
import { LiveError } from "@onair/core/browser";
import type { VonageSdkError } from "./vonage-errors.js";

export type SdkCallback = (error?: VonageSdkError) => void;

export interface VonageSdkStream {
  readonly streamId: string;
  readonly hasAudio: boolean;
  readonly hasVideo: boolean;
  readonly videoType?: "camera" | "screen" | "custom" | undefined;
}

/** SDK events carry more; these are the fields read here. */
export interface VonageSdkEvent {
  readonly stream?: VonageSdkStream;
  readonly reason?: string;
}

export interface VonageSdkEmitter {
  on(eventName: string, handler: (event: VonageSdkEvent) => void): void;
}

export interface VonageSdkPublisher extends VonageSdkEmitter {
  readonly stream?: VonageSdkStream | undefined;
  /**
   * Turning the camera on opens it and swaps the new track in after this returns; the callback
   * says when that is done (or failed). Turning it off swaps in a blank track and stops the camera.
   */
  publishVideo(value: boolean, callback?: SdkCallback): unknown;
  publishAudio(value: boolean): unknown;
  destroy(): unknown;
  /** The track the publisher sends (null while the video is off). */
  getVideoSource?(): { readonly track: MediaStreamTrack | null } | undefined;
}

export interface VonageSdkSubscriber {
  readonly stream?: VonageSdkStream | null | undefined;
  subscribeToAudio?(value: boolean): unknown;
}

export interface VonageSdkSession extends VonageSdkEmitter {
  connect(token: string, callback: SdkCallback): unknown;
  publish(publisher: VonageSdkPublisher, callback: SdkCallback): unknown;
  unpublish(publisher: VonageSdkPublisher): void;
  subscribe(
    stream: VonageSdkStream,
    element: HTMLElement,
    properties: Record<string, unknown>,
    callback: SdkCallback,
  ): VonageSdkSubscriber;
  unsubscribe(subscriber: VonageSdkSubscriber): void;
  disconnect(): unknown;
}

/** The SDK's global object (`OT`). */
export interface VonageSdk {
  initSession(applicationId: string, roomId: string): VonageSdkSession;
  initPublisher(
    element: HTMLElement | undefined,
    properties: Record<string, unknown>,
    callback: SdkCallback,
  ): VonageSdkPublisher;
}

/** `import()` of the UMD build gives `{ default: OT }` in bundlers and Node, `OT` itself elsewhere. */
export function unwrapSdk(module: unknown): VonageSdk {
  const candidates = [module, (module as { default?: unknown } | null)?.default];
  for (const candidate of candidates) {
    if (
      typeof candidate === "object" &&
      candidate !== null &&
      typeof (candidate as Partial<VonageSdk>).initSession === "function" &&
      typeof (candidate as Partial<VonageSdk>).initPublisher === "function"
    ) {
      return candidate as VonageSdk;
    }
  }
  throw new LiveError(
    "PROVIDER_FAILED",
    "The loaded module is not the Vonage client SDK (@vonage/client-sdk-video).",
  );
}
