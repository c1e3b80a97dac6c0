// The event page's player area: one screen per state of the audience view (R-LIFE-4), the
// holding slate for an empty stage (R-STAGE-2), players muted with an unmute control (R-AUD-2).
import type { AudienceState } from "@onair/client";
import type { AudienceView, Stage } from "@onair/core";
import type { ReactNode } from "react";
import { useOnAirLocale, useOnAirStrings } from "../provider/on-air-provider.js";
import type { OnAirStrings } from "../strings/strings.js";
import { type HlsModule, Player } from "./player.js";

export interface AudienceScreenProps {
  readonly view: AudienceView | null;
  readonly connection?: AudienceState["connection"];
  /** Where the replay plays from: `client.replayUrl(sessionId)` (a redirect to a fresh link). */
  readonly replayUrl?: string;
  /** With subscriber delivery, renders the streams on stage (the HLS case needs nothing). */
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
    return view.stage !== null && props.renderStage ? props.renderStage(view.stage) : slate;
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
