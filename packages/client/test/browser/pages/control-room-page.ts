// The control room of @onair/client in a real page, over the HTTP API and the fake video client,
// sharing a PDF through createContentSource exactly as docs/client.md shows. A second fake client
// in the same room plays the audience's side so the test can read the published pixels.
import { createFakeVideoClient, createFakeVideoRooms } from "@onair/testing";
import { createContentSource } from "../../../src/content/content-source.js";
import { createLiveClient } from "../../../src/http/live-client.js";
import type { ContentShareHandle, ContentSource, ControlRoom } from "../../../src/types.js";
import { connectionOf, type VideoRoom } from "../../../src/video/video-client.js";
import { colourOf, expose, waitFor } from "./page-support.js";

const rooms = createFakeVideoRooms();
const video = createFakeVideoClient({ rooms });
const watcher = createFakeVideoClient({ rooms });
const announced: string[] = [];
const sources: ContentSource[] = [];
let room: ControlRoom;
let watcherRoom: VideoRoom;
let deck: ContentShareHandle;
let shown: HTMLVideoElement | null = null;

function seen() {
  if (shown === null) throw new Error("nothing watched");
  return colourOf(shown);
}

expose("controlRoomPage", {
  async join(args: { sessionId: string; email: string }) {
    const live = createLiveClient({
      baseUrl: "/api/live",
      // The platform's login, as the test router reads it.
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        headers.set("x-user", args.email);
        return fetch(input, { ...init, headers });
      },
    });
    room = live.controlRoom(args.sessionId, video, {
      contentSource: async (file, kind) => {
        const source = await createContentSource(file, kind, {
          pdfWorkerSrc: "/pdf.worker.min.mjs",
          width: 320,
          height: 240,
        });
        sources.push(source);
        return source;
      },
    });
    await room.join();
    const state = room.getSnapshot();
    if (state.grant === null) throw new Error("joined without a grant");
    watcherRoom = await watcher.connect(connectionOf(state.grant), {
      streamAdded: (stream) => announced.push(stream.streamId),
      streamRemoved: () => {},
      disconnected: () => {},
    });
    return {
      status: state.status,
      camera: state.camera,
      microphone: state.microphone,
      openedTracks: video.tracks.map((track) => track.kind),
    };
  },

  async sharePdf() {
    const blob = await (await fetch("/fixtures/slides.pdf")).blob();
    deck = await room.shareContent(new File([blob], "slides.pdf", { type: "application/pdf" }));
    const streamId = announced.at(-1);
    if (streamId === undefined) throw new Error("no stream announced to the room");
    const element = document.createElement("div");
    document.getElementById("stage")?.append(element);
    await watcherRoom.subscribe(streamId, element);
    const played = element.querySelector("video");
    if (played === null) throw new Error("the subscription shows no video");
    await waitFor(() => played.videoWidth > 0, "the first frame");
    shown = played;
    await waitFor(() => seen().r > 150, "page 1 on the audience's side");
    return { sharing: room.getSnapshot().sharing, colour: seen() };
  },

  async nextPage() {
    await deck.next();
    await waitFor(() => seen().b > 150, "page 2 on the audience's side");
    return { sharing: room.getSnapshot().sharing, colour: seen() };
  },

  async leave() {
    await room.leave();
    await watcherRoom.leave();
    const tracks = [...video.tracks, ...sources.map((source) => source.track)];
    return {
      status: room.getSnapshot().status,
      count: tracks.length,
      states: [...new Set(tracks.map((track) => track.readyState))],
    };
  },
});
