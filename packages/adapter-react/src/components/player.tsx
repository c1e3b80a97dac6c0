// A video player that starts muted (browsers block unmuted autoplay) with a visible unmute
// control (R-AUD-2). HLS plays natively when the browser says it can, else through hls.js,
// an optional peer loaded only then.
import { useEffect, useRef, useState } from "react";
import type { OnAirStrings } from "../strings/strings.js";

/** The part of hls.js the player uses (hls.js is an optional peer, loaded lazily). */
export interface HlsLike {
  loadSource(url: string): void;
  attachMedia(media: HTMLMediaElement): void;
  destroy(): void;
}
export interface HlsModule {
  readonly default: { isSupported(): boolean; new (): HlsLike };
}

export const loadHlsJs = (): Promise<HlsModule> =>
  import("hls.js") as unknown as Promise<HlsModule>;

const HLS_TYPE = "application/vnd.apple.mpegurl";

export interface PlayerProps {
  readonly src: string;
  /** True for an HLS playlist (.m3u8); false for a file the browser plays by itself. */
  readonly hls: boolean;
  readonly title: string;
  readonly strings: OnAirStrings;
  readonly loadHls?: () => Promise<HlsModule>;
}

export function Player({ src, hls, title, strings, loadHls = loadHlsJs }: PlayerProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [muted, setMuted] = useState(true);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const media = video.current;
    if (media === null) return;
    setFailed(false);
    if (!hls || media.canPlayType(HLS_TYPE) !== "") {
      media.src = src;
      return () => {
        media.removeAttribute("src");
      };
    }
    let player: HlsLike | null = null;
    let cancelled = false;
    loadHls().then(
      ({ default: Hls }) => {
        if (cancelled) return;
        if (!Hls.isSupported()) {
          setFailed(true);
          return;
        }
        player = new Hls();
        player.loadSource(src);
        player.attachMedia(media);
      },
      () => {
        if (!cancelled) setFailed(true);
      },
    );
    return () => {
      cancelled = true;
      player?.destroy();
    };
  }, [src, hls, loadHls]);

  // `muted` as a property: React does not keep the attribute in sync after the first render.
  useEffect(() => {
    if (video.current) video.current.muted = muted;
  }, [muted]);

  if (failed) return <p role="alert">{strings.playerFailed}</p>;
  return (
    <div data-onair="player">
      <video ref={video} aria-label={strings.playerLabel(title)} autoPlay muted playsInline />
      <button type="button" onClick={() => setMuted((m) => !m)}>
        {muted ? strings.unmute : strings.mute}
      </button>
    </div>
  );
}
