// The control-room page of docs/react.md, as the tests render it.
import {
  ContentShare,
  LiveStage,
  PresenceCount,
  StagePicker,
  StartLiveButton,
  StopLiveButton,
  useContentShare,
  useJoin,
  useLiveControls,
  usePresence,
  useStage,
} from "../src/index.js";

export function ControlRoomPage({ sessionId }: { readonly sessionId: string }) {
  const room = useJoin(sessionId, { autoJoin: true });
  const controls = useLiveControls(sessionId);
  const stage = useStage(sessionId);
  const presence = usePresence(sessionId, { intervalMs: 0 });
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
      />
      <StagePicker {...stage} />
      <ContentShare {...share} />
      <PresenceCount {...presence} />
    </main>
  );
}
