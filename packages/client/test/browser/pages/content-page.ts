// Content sharing over the fake video client, in a real page: a presenter shares a PDF, an image
// and an mp4 as tracks; a viewer in the same room subscribes and the test reads its pixels.
import { createFakeVideoClient, createFakeVideoRooms } from "@onair/testing";
import {
  createContentSource,
  type FileContentSource,
} from "../../../src/content/content-source.js";
import type { VideoRoom } from "../../../src/video/video-client.js";
import { colourOf, expose, waitFor } from "./page-support.js";

const rooms = createFakeVideoRooms();
const presenter = createFakeVideoClient({ rooms });
const viewer = createFakeVideoClient({ rooms });
const connection = {
  provider: "mock",
  applicationId: "mock-app",
  roomId: "room-1",
  token: "token",
} as const;
const announced: string[] = [];
let presenterRoom: VideoRoom;
let viewerRoom: VideoRoom;
const sources: FileContentSource[] = [];
let pdf: FileContentSource;
let shown: HTMLVideoElement | null = null;

async function file(name: string): Promise<Blob> {
  const response = await fetch(`/fixtures/${name}`);
  return response.blob();
}

/** Subscribes the viewer to the newest stream and keeps its <video>. */
async function watchNewest(): Promise<void> {
  const streamId = announced.at(-1);
  if (streamId === undefined) throw new Error("no stream announced");
  const element = document.createElement("div");
  document.getElementById("stage")?.append(element);
  await viewerRoom.subscribe(streamId, element);
  const video = element.querySelector("video");
  if (video === null) throw new Error("the subscription shows no video");
  await waitFor(() => video.videoWidth > 0, "the subscriber's first frame");
  shown = video;
}

function seen() {
  if (shown === null) throw new Error("nothing watched");
  return colourOf(shown);
}

/** Within one unit per channel in total: the same picture, as the test reads "moved". */
function sameColour(a: ReturnType<typeof seen>, b: ReturnType<typeof seen>): boolean {
  return Math.abs(a.r - b.r) + Math.abs(a.g - b.g) + Math.abs(a.b - b.b) <= 1;
}

expose("contentPage", {
  async join() {
    viewerRoom = await viewer.connect(connection, {
      streamAdded: (stream) => announced.push(stream.streamId),
      streamRemoved: () => {},
      disconnected: () => {},
    });
    presenterRoom = await presenter.connect(connection, {
      streamAdded: () => {},
      streamRemoved: () => {},
      disconnected: () => {},
    });
    const camera = await presenterRoom.publishCamera({ publishVideo: false, publishAudio: true });
    const tracks = presenter.tracks.map((track) => ({ kind: track.kind, enabled: track.enabled }));
    await camera.setVideo(true); // the camera opens now, and must end with the rest on leave
    return { streamId: camera.streamId, tracks };
  },

  async sharePdf() {
    pdf = await createContentSource(await file("slides.pdf"), "pdf", {
      pdfWorkerSrc: "/pdf.worker.min.mjs",
      width: 320,
      height: 240,
    });
    sources.push(pdf);
    await presenterRoom.publishTrack(pdf.track, { name: "slides.pdf" });
    await watchNewest();
    await waitFor(() => seen().r > 150, "page 1 (red) on the viewer's screen");
    return { pageCount: pdf.pageCount, page: pdf.page() };
  },

  /** The colour the viewer sees now. */
  seen,

  async turnTo(page: number) {
    await pdf.goTo(page);
    return pdf.page();
  },

  /** Waits until the viewer's picture is mostly blue (page 2) and says how long it took. */
  async waitForBlue() {
    const started = performance.now();
    await waitFor(() => {
      const colour = seen();
      return colour.b > 150 && colour.r < 100;
    }, "page 2 on the viewer's screen");
    return Math.round(performance.now() - started);
  },

  /**
   * A viewer who connects over a real peer connection after the page was drawn (and after the
   * frame it was drawn with was sent): what it receives, from a clone of the track as a room
   * publishes one. Chromium sends nothing from a canvas that did not change, so this relies on
   * the source's keep-alive.
   */
  async lateViewer() {
    await new Promise((resolve) => setTimeout(resolve, 300)); // the page's own frame is long gone
    const sent = pdf.track.clone();
    const sender = new RTCPeerConnection();
    const receiver = new RTCPeerConnection();
    sender.addEventListener("icecandidate", (event) => {
      if (event.candidate) void receiver.addIceCandidate(event.candidate);
    });
    receiver.addEventListener("icecandidate", (event) => {
      if (event.candidate) void sender.addIceCandidate(event.candidate);
    });
    const video = document.createElement("video");
    video.muted = true;
    document.getElementById("stage")?.append(video);
    receiver.addEventListener("track", (event) => {
      video.srcObject = new MediaStream([event.track]);
      void video.play().catch(() => undefined);
    });
    sender.addTrack(sent);
    await sender.setLocalDescription(await sender.createOffer());
    await receiver.setRemoteDescription(sender.localDescription as RTCSessionDescriptionInit);
    await receiver.setLocalDescription(await receiver.createAnswer());
    await sender.setRemoteDescription(receiver.localDescription as RTCSessionDescriptionInit);
    const started = performance.now();
    try {
      await waitFor(() => video.videoWidth > 0, "a frame at the late viewer");
      const waitedMs = Math.round(performance.now() - started);
      return { colour: colourOf(video), waitedMs, hint: sent.contentHint };
    } finally {
      sender.close();
      receiver.close();
      sent.stop();
      video.remove();
    }
  },

  async shareImage() {
    const image = await createContentSource(await file("image.png"), "image", {
      width: 320,
      height: 240,
    });
    sources.push(image);
    await presenterRoom.publishTrack(image.track, { name: "image.png" });
    await watchNewest();
    return { pageCount: image.pageCount };
  },

  async shareVideo() {
    const video = await createContentSource(await file("clip.mp4"), "video");
    sources.push(video);
    await presenterRoom.publishTrack(video.track, { name: "clip.mp4" });
    await watchNewest();
    const first = seen();
    // The clip moves; a loaded machine may deliver the next frames late: look for up to 3 s.
    let later = seen();
    for (let waited = 0; waited < 3_000 && sameColour(first, later); waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      later = seen();
    }
    return { first, later, settings: video.track.getSettings() };
  },

  async leave() {
    for (const source of sources) await source.stop();
    await presenterRoom.leave();
    await viewerRoom.leave();
    const tracks = [
      ...presenter.tracks,
      ...viewer.tracks,
      ...sources.map((source) => source.track),
    ];
    return {
      count: tracks.length,
      states: [...new Set(tracks.map((track) => track.readyState))],
      calls: presenter.calls.map((entry) => entry.method),
    };
  },
});
