// The control room: who you are and your role first (sign in / not on this session), then the
// preflight with the choice of camera and microphone, then the room: moderators get start/stop,
// the stage, presence and content sharing; speakers get their camera, microphone and sharing.
import { createContentSource, type JoinDevices, type RoomStream } from "@onair/client";
import {
  ContentShare,
  LiveStage,
  OnAirProvider,
  PreflightPanel,
  PresenceCount,
  StagePicker,
  StartLiveButton,
  StopLiveButton,
  useAudience,
  useContentShare,
  useJoin,
  useLiveControls,
  usePreflight,
  usePresence,
  useStage,
} from "@onair/react";
import { StrictMode, useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import {
  createDemoLiveClient,
  DemoHeader,
  demoStrings,
  type SessionSummary,
  sessionIdFromPath,
  startsAtLabel,
  usePageData,
} from "./demo-page.js";
import { type StageRecorder, startStageRecorder } from "./stage-recorder.js";
import { browserRecordsReplay, createVideoClientChoice } from "./video-client-choice.js";

const sessionId = sessionIdFromPath();
// Vonage's client for a Vonage grant, the demo's relay for the mock's (video-client-choice.ts).
const video = createVideoClientChoice(sessionId);

const controlStrings = {
  ...demoStrings,
  cameraOn: "Turn my camera on",
  cameraOff: "Turn my camera off",
};

function StreamTile({ stream }: { stream: RoomStream }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (element.current === null) return;
    return video.attach(stream.streamId, element.current);
  }, [stream.streamId]);
  return <div ref={element} className="tile" data-stream-id={stream.streamId} />;
}

/** The moderator's page records the stage while live and uploads it at the stop (the replay). */
function useStageRecording(phase: string | null, canStop: boolean, stageIds: readonly string[]) {
  const recorder = useRef<StageRecorder | null>(null);
  useEffect(() => {
    if (phase === "live" && canStop && recorder.current === null) {
      recorder.current = startStageRecorder(sessionId);
    }
    if (phase === "ended" && recorder.current !== null) {
      const finishing = recorder.current;
      recorder.current = null;
      void finishing.finish().catch(() => undefined);
    }
  }, [phase, canStop]);
  useEffect(() => {
    recorder.current?.setStage(stageIds);
  });
}

function Room({ devices }: { devices: JoinDevices }) {
  const join = useJoin(sessionId, { autoJoin: true, devices });
  const live = useLiveControls(sessionId);
  const stage = useStage(sessionId);
  // The session's pushed view (Server-Sent Events): the phase, the stage and every change, as
  // they happen, including what another moderator or the provider did. It keeps the stop button
  // after a reload mid-live and refreshes the presence counts by itself.
  const audience = useAudience(sessionId);
  const presence = usePresence(sessionId, { intervalMs: 5_000 });
  const share = useContentShare(sessionId);
  const { state } = join;
  const phase = audience.view?.phase ?? live.phase;
  const stageIds = audience.view?.stage?.streamIds ?? state.live?.stage.streamIds ?? [];
  const myCamera = state.streams.find((s) => s.local && s.videoType === "camera");
  const onStage = myCamera !== undefined && stageIds.includes(myCamera.streamId);
  useStageRecording(phase, live.canStop && browserRecordsReplay(state.grant), stageIds);
  const version = audience.view?.version;
  // Refreshed once per pushed change (the hook's refresh is a new function on every render).
  const refreshPresence = useRef(presence.refresh);
  refreshPresence.current = presence.refresh;
  const canViewPresence = presence.canView;
  useEffect(() => {
    if (version !== undefined && canViewPresence) {
      void refreshPresence.current().catch(() => undefined);
    }
  }, [version, canViewPresence]);

  return (
    <>
      <section aria-labelledby="room-title">
        <h2 id="room-title">Your place in the room</h2>
        <p id="room-status" data-status={state.status}>
          {state.status === "connected"
            ? "You are in the room."
            : state.status === "reconnecting"
              ? "Reconnecting…"
              : state.status === "joining"
                ? "Joining…"
                : state.status === "left"
                  ? "You left the room."
                  : ""}
        </p>
        {state.grant !== null ? (
          <dl id="grant" aria-label="Your grant">
            <dt>Role</dt>
            <dd id="grant-role">{state.grant.role}</dd>
            <dt>Camera</dt>
            <dd id="grant-camera">{state.camera}</dd>
            <dt>On stage</dt>
            <dd id="grant-stage">{onStage ? "yes, on stage" : "no, backstage"}</dd>
          </dl>
        ) : null}
      </section>
      <LiveStage
        state={state}
        setCamera={join.setCamera}
        setMicrophone={join.setMicrophone}
        leave={join.leave}
        renderStream={(stream) => <StreamTile stream={stream} />}
      />
      {live.canStart || live.canStop ? (
        <section aria-labelledby="live-title">
          <h2 id="live-title">The live</h2>
          <StartLiveButton phase={phase} canStart={live.canStart} startLive={live.startLive} />
          <StopLiveButton phase={phase} canStop={live.canStop} stopLive={live.stopLive} />
        </section>
      ) : null}
      <StagePicker
        streams={stage.streams}
        stage={stage.stage}
        canManage={stage.canManage}
        setStage={stage.setStage}
      />
      <ContentShare
        sharing={share.sharing}
        canShare={share.canShare}
        shareFile={share.shareFile}
        shareScreen={share.shareScreen}
        stopSharing={share.stopSharing}
        next={share.next}
        previous={share.previous}
      />
      <PresenceCount presence={presence.presence} canView={presence.canView} />
    </>
  );
}

function Preflight({
  session,
  onEnter,
}: {
  session: SessionSummary;
  onEnter(d: JoinDevices): void;
}) {
  const role = session.myRoles.includes("moderator") ? "moderator" : "speaker";
  const preflight = usePreflight({ role, context: "published" });
  return (
    <PreflightPanel
      result={preflight.result}
      devices={preflight.devices}
      chosen={preflight.chosen}
      onDevicesChange={preflight.onDevicesChange}
      running={preflight.running}
      onRun={preflight.onRun}
      onEnter={() => onEnter(preflight.chosen)}
    />
  );
}

/** The devices chosen at entry, kept for this tab: a reload goes back into the room at once. */
const enteredKey = `onair-demo-entered:${sessionId}`;
function enteredBefore(): JoinDevices | null {
  try {
    const saved = window.sessionStorage.getItem(enteredKey);
    return saved === null ? null : (JSON.parse(saved) as JoinDevices);
  } catch {
    return null;
  }
}

function ControlPage() {
  const data = usePageData(sessionId);
  const [devices, setDevices] = useState<JoinDevices | null>(enteredBefore);
  const enter = (chosen: JoinDevices) => {
    try {
      window.sessionStorage.setItem(enteredKey, JSON.stringify(chosen));
    } catch {
      // Private mode: a reload shows the preflight again.
    }
    setDevices(chosen);
  };
  if (data === "loading") return <p>Loading…</p>;
  if (data instanceof Error) return <p role="alert">The demo server did not answer.</p>;
  const eventLink = <a href={`/sessions/${encodeURIComponent(sessionId)}`}>Event page</a>;
  let body: React.ReactNode;
  if (data.user === null) {
    body = (
      <p id="access" data-access="sign-in">
        <a href="/">Sign in</a> to enter the control room.
      </p>
    );
  } else if (data.session === null || data.session.myRoles.length === 0) {
    body = (
      <p id="access" data-access="not-a-participant">
        You are not on this session: only its moderators and speakers enter its control room.
      </p>
    );
  } else if (devices === null) {
    body = <Preflight session={data.session} onEnter={enter} />;
  } else {
    body = <Room devices={devices} />;
  }
  return (
    <>
      <DemoHeader user={data.user}>{eventLink}</DemoHeader>
      <main>
        <h1>Control room: {data.session?.title ?? "unknown session"}</h1>
        {data.session !== null ? <p>Starts {startsAtLabel(data.session)}</p> : null}
        {body}
      </main>
    </>
  );
}

const client = createDemoLiveClient();
const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <OnAirProvider
        client={client}
        video={video}
        locale="en"
        strings={controlStrings}
        controlRoomOptions={{
          contentSource: (file, kind) =>
            createContentSource(file, kind, { pdfWorkerSrc: "/assets/pdf.worker.min.mjs" }),
        }}
      >
        <ControlPage />
      </OnAirProvider>
    </StrictMode>,
  );
}
