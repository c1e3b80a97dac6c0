// Publisher properties for each kind of publication, and a promise over the SDK's callback style.
// Kept apart from the room so a page can create a publisher without a connected session.
import { liveErrorFromVonage } from "./vonage-errors.js";
import type { VonageSdk, VonageSdkPublisher } from "./vonage-sdk.js";

type Properties = Record<string, unknown>;

/** The SDK's default UI only where the caller gives an element; otherwise it adds nothing to the page. */
function widget(element: HTMLElement | undefined): Properties {
  return element === undefined
    ? { insertDefaultUI: false }
    : { insertDefaultUI: true, insertMode: "append", width: "100%", height: "100%" };
}

export function cameraProperties(options: {
  readonly videoDeviceId?: string | undefined;
  readonly audioDeviceId?: string | undefined;
  readonly publishVideo: boolean;
  readonly publishAudio: boolean;
  readonly element?: HTMLElement | undefined;
}): Properties {
  return {
    ...widget(options.element),
    // `undefined` lets the SDK pick the default device; a device id picks the one chosen at entry.
    ...(options.videoDeviceId === undefined ? {} : { videoSource: options.videoDeviceId }),
    ...(options.audioDeviceId === undefined ? {} : { audioSource: options.audioDeviceId }),
    publishVideo: options.publishVideo,
    publishAudio: options.publishAudio,
  };
}

export function screenProperties(element?: HTMLElement): Properties {
  return {
    ...widget(element),
    videoSource: "screen",
    audioSource: null,
    publishAudio: false,
    videoContentHint: "detail",
  };
}

/** `track` must already be the clone the publisher may stop. */
export function trackProperties(
  track: MediaStreamTrack,
  options: { readonly name?: string | undefined; readonly element?: HTMLElement | undefined } = {},
): Properties {
  return {
    ...widget(options.element),
    videoSource: track,
    audioSource: null,
    publishAudio: false,
    ...(options.name === undefined ? {} : { name: options.name }),
  };
}

/** Creates a publisher and waits until it has its media (or failed to get it). */
export function initVonagePublisher(
  sdk: VonageSdk,
  element: HTMLElement | undefined,
  properties: Properties,
): Promise<VonageSdkPublisher> {
  return new Promise((resolve, reject) => {
    // The SDK may call back before initPublisher returns (a synchronous failure) or later.
    let publisher: VonageSdkPublisher | undefined;
    let outcome: { readonly error: unknown } | undefined;
    const finish = () => {
      if (publisher === undefined || outcome === undefined) return;
      if (outcome.error) {
        publisher.destroy();
        reject(liveErrorFromVonage(outcome.error, "publish"));
      } else {
        resolve(publisher);
      }
    };
    try {
      publisher = sdk.initPublisher(element, properties, (error) => {
        outcome = { error };
        finish();
      });
    } catch (error) {
      reject(liveErrorFromVonage(error, "publish"));
      return;
    }
    finish();
  });
}
