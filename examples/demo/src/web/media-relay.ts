// Real media between the demo's browsers, peer-to-peer (WebRTC), signalled through the demo
// server's relay (/demo/media/:sessionId/…). A publisher offers each of its streams to whoever
// asks for it; a viewer asks, answers, and plays what arrives. No STUN or TURN server: the demo's
// browsers run on the same machine, so their host candidates connect.

interface Signal {
  readonly kind: "want" | "offer" | "answer";
  readonly from: string;
  readonly streamId: string;
  readonly sdp?: string;
}

export interface MediaRelay {
  /** Makes a local stream available to viewers under the room's stream id. */
  offer(streamId: string, media: MediaStream): Promise<void>;
  /** Tracks were added to an offered stream: viewers get them too. */
  refresh(streamId: string): Promise<void>;
  withdraw(streamId: string): void;
  /**
   * The remote stream's media; tracks arrive as the connection is made. `firstAskAfterMs` delays
   * the first request, for a stream seen in the room a moment ago: its owner announces it to the
   * relay only once the server has answered its publish, and a request before that is refused.
   */
  watch(streamId: string, options?: { readonly firstAskAfterMs?: number }): MediaStream;
  unwatch(streamId: string): void;
  close(): void;
}

function randomPeerId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Waits until the connection has gathered its candidates, so one description carries them. */
function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== "complete") return;
      pc.removeEventListener("icegatheringstatechange", done);
      resolve();
    };
    pc.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, 2000); // whatever was gathered by then
  });
}

export function createMediaRelay(sessionId: string): MediaRelay {
  const base = `/demo/media/${encodeURIComponent(sessionId)}`;
  const peer = randomPeerId();
  const offered = new Map<string, MediaStream>();
  /** Publisher side: one connection per (viewer, stream). */
  const outgoing = new Map<string, { pc: RTCPeerConnection; streamId: string; viewer: string }>();
  /** Viewer side: one connection per watched stream. */
  const incoming = new Map<
    string,
    { pc: RTCPeerConnection; media: MediaStream; timer: number; firstAsk: number }
  >();

  const post = (path: string, body: unknown) =>
    fetch(`${base}/${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });

  const events = new EventSource(`${base}/events?peer=${peer}`);

  /** Describes this side of `pc` (an offer or the answer to one) and sends it to the peer `to`. */
  const sendDescription = async (
    pc: RTCPeerConnection,
    kind: "offer" | "answer",
    to: string,
    streamId: string,
  ) => {
    await pc.setLocalDescription(await (kind === "offer" ? pc.createOffer() : pc.createAnswer()));
    await gathered(pc);
    await post("signal", { kind, from: peer, to, streamId, sdp: pc.localDescription?.sdp });
  };

  const onWant = async (signal: Signal) => {
    const media = offered.get(signal.streamId);
    if (media === undefined) return;
    const key = `${signal.from} ${signal.streamId}`;
    const existing = outgoing.get(key);
    // A repeated request while the first is answered: the connection under way serves it.
    if (existing !== undefined && !["failed", "closed"].includes(existing.pc.connectionState))
      return;
    existing?.pc.close();
    const pc = new RTCPeerConnection();
    for (const track of media.getTracks()) pc.addTrack(track, media);
    const entry = { pc, streamId: signal.streamId, viewer: signal.from };
    outgoing.set(key, entry);
    await sendDescription(pc, "offer", signal.from, signal.streamId);
  };

  const onOffer = async (signal: Signal) => {
    const entry = incoming.get(signal.streamId);
    if (entry === undefined || signal.sdp === undefined) return;
    window.clearInterval(entry.timer);
    await entry.pc.setRemoteDescription({ type: "offer", sdp: signal.sdp });
    await sendDescription(entry.pc, "answer", signal.from, signal.streamId);
  };

  const onAnswer = async (signal: Signal) => {
    const entry = outgoing.get(`${signal.from} ${signal.streamId}`);
    if (entry === undefined || signal.sdp === undefined) return;
    await entry.pc.setRemoteDescription({ type: "answer", sdp: signal.sdp });
  };

  events.onmessage = (event: MessageEvent<string>) => {
    const signal = JSON.parse(event.data) as Signal;
    const handle = signal.kind === "want" ? onWant : signal.kind === "offer" ? onOffer : onAnswer;
    handle(signal).catch(() => undefined); // the viewer asks again while nothing plays
  };

  return {
    async offer(streamId, media) {
      offered.set(streamId, media);
      await post("announce", { peer, streamId });
    },
    async refresh(streamId) {
      const media = offered.get(streamId);
      if (media === undefined) return;
      for (const entry of outgoing.values()) {
        if (entry.streamId !== streamId) continue;
        const sent = new Set(entry.pc.getSenders().map((sender) => sender.track));
        for (const track of media.getTracks())
          if (!sent.has(track)) entry.pc.addTrack(track, media);
        await sendDescription(entry.pc, "offer", entry.viewer, streamId).catch(() => undefined);
      }
    },
    withdraw(streamId) {
      offered.delete(streamId);
      for (const [key, entry] of outgoing) {
        if (entry.streamId !== streamId) continue;
        entry.pc.close();
        outgoing.delete(key);
      }
    },
    watch(streamId, options = {}) {
      const existing = incoming.get(streamId);
      if (existing !== undefined) return existing.media;
      const media = new MediaStream();
      const pc = new RTCPeerConnection();
      pc.addEventListener("track", (event) => {
        if (!media.getTracks().includes(event.track)) media.addTrack(event.track);
      });
      const ask = () => {
        post("signal", { kind: "want", from: peer, streamId }).catch(() => undefined);
      };
      // Asks again until an offer comes (the owner may not have announced the stream yet).
      const timer = window.setInterval(ask, 1500);
      const entry = { pc, media, timer, firstAsk: 0 };
      incoming.set(streamId, entry);
      // The event stream must be open before the owner answers.
      const askWhenOpen = () => {
        if (incoming.get(streamId) !== entry) return; // unwatched meanwhile
        if (events.readyState === EventSource.OPEN) ask();
        else events.addEventListener("open", ask, { once: true });
      };
      const delay = options.firstAskAfterMs ?? 0;
      if (delay > 0) entry.firstAsk = window.setTimeout(askWhenOpen, delay);
      else askWhenOpen();
      return media;
    },
    unwatch(streamId) {
      const entry = incoming.get(streamId);
      if (entry === undefined) return;
      window.clearInterval(entry.timer);
      window.clearTimeout(entry.firstAsk);
      entry.pc.close();
      incoming.delete(streamId);
    },
    close() {
      events.close();
      for (const entry of outgoing.values()) entry.pc.close();
      for (const entry of incoming.values()) {
        window.clearInterval(entry.timer);
        window.clearTimeout(entry.firstAsk);
        entry.pc.close();
      }
      outgoing.clear();
      incoming.clear();
    },
  };
}
