// The pages of docs/react.md, as the tests render them (same code; the docs import
// "@onair/react" where this file imports the sources).
import type { JoinDevices } from "@onair/client";
import { useState } from "react";
import {
  AudienceScreen,
  ContentShare,
  LiveStage,
  PreflightPanel,
  PresenceCount,
  StagePicker,
  StartLiveButton,
  StopLiveButton,
  useAudience,
  useAudienceRoom,
  useContentShare,
  useJoin,
  useLiveControls,
  useOnAir,
  usePreflight,
  usePresence,
  useStage,
} from "../src/index.js";

// --- control room: check the connection and choose devices, then enter ---
export function ControlRoomEntry({
  sessionId,
  participantRole,
}: {
  sessionId: string;
  participantRole: "moderator" | "speaker";
}) {
  const preflight = usePreflight({ role: participantRole, context: "published" });
  const [devices, setDevices] = useState<JoinDevices | null>(null);
  if (devices === null) {
    return (
      <main>
        <h1>Before you go live</h1>
        <PreflightPanel {...preflight} onEnter={() => setDevices(preflight.chosen)} />
      </main>
    );
  }
  return <ControlRoomPage sessionId={sessionId} devices={devices} />;
}

export function ControlRoomPage({
  sessionId,
  devices = {},
}: {
  sessionId: string;
  devices?: JoinDevices;
}) {
  const room = useJoin(sessionId, { autoJoin: true, devices }); // camera off on entry
  const controls = useLiveControls(sessionId);
  const stage = useStage(sessionId);
  const presence = usePresence(sessionId, { intervalMs: 15_000 });
  const share = useContentShare(sessionId);
  return (
    <main>
      <h1>Control room</h1>
      <StartLiveButton {...controls} />
      <StopLiveButton {...controls} />
      <LiveStage
        state={room.state}
        setCamera={room.setCamera}
        setMicrophone={room.setMicrophone}
        leave={room.leave}
        attach={room.attach}
      />
      <StagePicker {...stage} />
      <ContentShare {...share} />
      <PresenceCount {...presence} />
    </main>
  );
}

// --- event page: what attendees watch, following the server's pushes ---
export function EventPage({ sessionId }: { sessionId: string }) {
  const { client } = useOnAir();
  const { view, connection } = useAudience(sessionId);
  return (
    <main>
      <AudienceScreen view={view} connection={connection} replayUrl={client.replayUrl(sessionId)} />
    </main>
  );
}

// --- event page with subscriber delivery: the stage plays in the page itself ---
export function SubscriberEventPage({ sessionId }: { sessionId: string }) {
  const { client } = useOnAir();
  // Joins as a subscriber only while the live plays with subscriber delivery (R-AUD-1).
  const audience = useAudienceRoom(sessionId);
  return (
    <main>
      <AudienceScreen
        view={audience.view}
        connection={audience.connection}
        streams={audience.streams}
        attach={audience.attach}
        muted={audience.muted}
        setMuted={audience.setMuted}
        replayUrl={client.replayUrl(sessionId)}
      />
    </main>
  );
}
