// The event page's player area: one screen per state of the audience view (R-LIFE-4), the
// holding slate for an empty stage (R-STAGE-2), players muted with an unmute control (R-AUD-2).
import type { AudienceState } from "@onair/client";
import type { AudienceView, Stage } from "@onair/core";
import { type ReactNode, useState } from "react";
import { useOnAirLocale, useOnAirStrings } from "../provider/on-air-provider.js";
import type { OnAirStrings } from "../strings/strings.js";
import { type HlsModule, Player } from "./player.js";
import { type AttachStream, StreamVideo } from "./stream-video.js";

export interface AudienceScreenProps {
  readonly view: AudienceView | null;
  readonly connection?: AudienceState["connection"];
  /** Where the replay plays from: `client.replayUrl(sessionId)` (a redirect to a fresh link). */
  readonly replayUrl?: string;
  /**
   * With subscriber delivery, the streams to play and how to show one: `useAudienceRoom`'s
   * `streams` and `attach`. The stage then plays muted, with an unmute button (R-AUD-2).
   */
  readonly streams?: readonly string[];
  readonly attach?: AttachStream;
  /**
   * The stage's sound, when the room keeps it (`useAudienceRoom`'s `muted` and `setMuted`: the
   * video client then silences the streams itself); otherwise the screen keeps it.
   */
  readonly muted?: boolean;
  readonly setMuted?: (muted: boolean) => void;
  /** With subscriber delivery, renders the stage instead (the HLS case needs nothing). */
  readonly renderStage?: (stage: Stage) => ReactNode;
  readonly strings?: Partial<OnAirStrings>;
  readonly loadHls?: () => Promise<HlsModule>;
}

export function AudienceScreen(props: AudienceScreenProps) {
  const strings = useOnAirStrings(props.strings);
  const locale = useOnAirLocale();
  const { view, connection = "open" } = props;
  const status =
    connection === "reconnecting" ? <p role="status">{strings.audienceReconnecting}</p> : null;
  if (view === null) {
    return (
      <section aria-busy="true" data-screen="connecting">
        <p role="status">{strings.audienceConnecting}</p>
      </section>
    );
  }
  const heading = <h2>{view.title}</h2>;
  switch (view.screen) {
    case "waiting":
      return (
        <section data-screen="waiting">
          {heading}
          <p>{strings.audienceWaiting}</p>
          <p>{strings.audienceStartsAt(formatInstant(view.startsAt, view.timeZone, locale))}</p>
          {status}
        </section>
      );
    case "live":
      return (
        <section data-screen="live">
          {heading}
          <p>{strings.audienceLive}</p>
          {liveContent(view, props, strings)}
          {status}
        </section>
      );
    case "replay-processing":
      return (
        <section data-screen="replay-processing">
          {heading}
          <p>{strings.audienceReplayProcessing}</p>
          {status}
        </section>
      );
    case "replay":
      return (
        <section data-screen="replay">
          {heading}
          <p>{strings.audienceReplay}</p>
          {props.replayUrl !== undefined && (
            <Player src={props.replayUrl} hls={false} title={view.title} strings={strings} />
          )}
          {status}
        </section>
      );
    case "replay-unavailable":
      return (
        <section data-screen="replay-unavailable">
          {heading}
          <p>{strings.audienceReplayUnavailable}</p>
        </section>
      );
  }
}

function liveContent(view: AudienceView, props: AudienceScreenProps, strings: OnAirStrings) {
  const slate = (
    <div data-onair="holding-slate">
      <p>{strings.audienceHoldingSlate}</p>
    </div>
  );
  if (view.holdingSlate) return slate;
  if (view.delivery === "subscribers") {
    if (props.renderStage) return view.stage !== null ? props.renderStage(view.stage) : slate;
    const streams = props.streams ?? [];
    // R-STAGE-2: nothing on stage (or nothing of it received yet) shows the holding slate.
    if (props.attach === undefined || streams.length === 0) return slate;
    return (
      <StageVideos
        streams={streams}
        attach={props.attach}
        layout={view.stage?.layout ?? "grid"}
        strings={strings}
        {...(props.setMuted ? { sound: { muted: props.muted ?? true, set: props.setMuted } } : {})}
      />
    );
  }
  // The URL comes only once the broadcast plays (R-AUD-1): until then, the slate.
  if (view.hlsUrl === null) return slate;
  return (
    <Player
      src={view.hlsUrl}
      hls
      title={view.title}
      strings={strings}
      {...(props.loadHls ? { loadHls: props.loadHls } : {})}
    />
  );
}

function StageVideos(props: {
  readonly streams: readonly string[];
  readonly attach: AttachStream;
  readonly layout: string;
  readonly strings: OnAirStrings;
  readonly sound?: { readonly muted: boolean; set(muted: boolean): void };
}) {
  const { streams, attach, layout, strings, sound } = props;
  // R-AUD-2: browsers block unmuted autoplay; the person unmutes.
  const [ownMuted, setOwnMuted] = useState(true);
  const muted = sound ? sound.muted : ownMuted;
  const setMuted = sound ? sound.set : setOwnMuted;
  return (
    <div data-onair="stage" data-layout={layout}>
      {streams.map((streamId, index) => (
        <StreamVideo
          key={streamId}
          streamId={streamId}
          attach={attach}
          label={strings.stageVideo(index + 1, streams.length)}
          muted={muted}
        />
      ))}
      <button type="button" onClick={() => setMuted(!muted)}>
        {muted ? strings.unmute : strings.mute}
      </button>
    </div>
  );
}

/** The session's start in its own zone, with the zone's name (times never appear without one). */
function formatInstant(iso: string, timeZone: string, locale: string): string {
  try {
    const when = new Intl.DateTimeFormat(locale, {
      dateStyle: "full",
      timeStyle: "short",
      timeZone,
    }).format(new Date(iso));
    return `${when} (${timeZone})`;
  } catch {
    return iso;
  }
}
