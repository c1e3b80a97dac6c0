// The event page: what an attendee sees, switching by itself between waiting, live, the replay
// being generated and the replay (the audience follower over Server-Sent Events).
import { AudienceScreen, OnAirProvider, useAudience, useOnAir } from "@onair/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import {
  createDemoLiveClient,
  DemoHeader,
  demoStrings,
  sessionIdFromPath,
  startsAtLabel,
  usePageData,
} from "./demo-page.js";

const sessionId = sessionIdFromPath();

function EventScreen() {
  const { client } = useOnAir();
  const audience = useAudience(sessionId);
  const view = audience.view;
  return (
    <div id="screen" data-screen={view?.screen ?? "connecting"}>
      <AudienceScreen
        view={view}
        connection={audience.connection}
        replayUrl={client.replayUrl(sessionId)}
      />
      {view?.hlsUrl ? (
        <p>
          Stream address: <code id="hls-url">{view.hlsUrl}</code>
        </p>
      ) : null}
      {audience.error ? <p role="alert">{audience.error.message}</p> : null}
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
          <>
            <h1>{data.session.title}</h1>
            <p>Starts {startsAtLabel(data.session)}</p>
            <EventScreen />
          </>
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
