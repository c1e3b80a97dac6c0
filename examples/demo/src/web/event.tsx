// The event page: what an attendee sees, switching by itself between waiting, live, the replay
// being generated and the replay (the audience follower over Server-Sent Events).

import type { Stage } from "@onair/core/browser";
import { AudienceScreen, OnAirProvider, useAudience, useOnAir } from "@onair/react";
import { StrictMode, useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import {
  createDemoLiveClient,
  DemoHeader,
  demoStrings,
  sessionIdFromPath,
  startsAtLabel,
  usePageData,
} from "./demo-page.js";
import { lazyMediaRelay } from "./video-client-choice.js";

const sessionId = sessionIdFromPath();
// Subscriber delivery (R-AUD-1): the page plays the streams on stage itself, peer-to-peer (the
// mock provider's relay, opened on the first stream; on Vonage the audience gets the HLS stream).
const relay = lazyMediaRelay(sessionId);

function StageVideo({ streamId, muted }: { streamId: string; muted: boolean }) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = video.current;
    if (element === null) return;
    element.srcObject = relay.watch(streamId);
    void element.play().catch(() => undefined);
    return () => {
      element.srcObject = null;
    };
  }, [streamId]);
  useEffect(() => {
    if (video.current !== null) video.current.muted = muted;
  }, [muted]);
  return (
    <video
      ref={video}
      data-stream-id={streamId}
      aria-label="The stage"
      autoPlay
      muted
      playsInline
    />
  );
}

function StageView({ stage }: { stage: Stage }) {
  const [muted, setMuted] = useState(true);
  const ordered =
    stage.focusStreamId === null
      ? stage.streamIds
      : [stage.focusStreamId, ...stage.streamIds.filter((id) => id !== stage.focusStreamId)];
  return (
    <div id="stage" data-layout={stage.layout}>
      {ordered.map((streamId) => (
        <StageVideo key={streamId} streamId={streamId} muted={muted} />
      ))}
      <button type="button" onClick={() => setMuted((m) => !m)}>
        {muted ? "Unmute" : "Mute"}
      </button>
    </div>
  );
}

function EventScreen({ startsAt }: { startsAt: string }) {
  const { client } = useOnAir();
  const audience = useAudience(sessionId);
  const view = audience.view;
  return (
    <div id="screen" data-screen={view?.screen ?? "connecting"}>
      <AudienceScreen
        view={view}
        connection={audience.connection}
        replayUrl={client.replayUrl(sessionId)}
        renderStage={(stage) => <StageView stage={stage} />}
      />
      {view?.hlsUrl ? (
        <p>
          Stream address: <code id="hls-url">{view.hlsUrl}</code>
        </p>
      ) : null}
      {audience.error ? <p role="alert">{audience.error.message}</p> : null}
      {/* The waiting screen gives the start time itself: the page says it only after. */}
      {view !== null && view.screen !== "waiting" ? <p>Starts {startsAt}</p> : null}
    </div>
  );
}

function EventPage() {
  const data = usePageData(sessionId);
  if (data === "loading") return <p>Loading…</p>;
  if (data instanceof Error) return <p role="alert">The demo server did not answer.</p>;
  return (
    <>
      <DemoHeader user={data.user}>
        {data.session?.myRoles.length ? (
          <a href={`/sessions/${encodeURIComponent(sessionId)}/control`}>Control room</a>
        ) : null}
      </DemoHeader>
      <main>
        {data.session === null ? (
          <h1>This session is not in the programme.</h1>
        ) : (
          // The screen's heading names the session: the page does not repeat the title.
          <EventScreen startsAt={startsAtLabel(data.session)} />
        )}
      </main>
    </>
  );
}

const client = createDemoLiveClient();
const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <OnAirProvider client={client} locale="en" strings={demoStrings}>
        <EventPage />
      </OnAirProvider>
    </StrictMode>,
  );
}
