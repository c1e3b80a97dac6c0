// HLS playback of the checked-in H.264 stream, both ways a player can take: the browser's own
// HLS support (`video.src = "….m3u8"`) and hls.js over Media Source Extensions.
import { expose, waitFor } from "./page-support.js";

const playlist = "/fixtures/hls/index.m3u8";

function newVideo(): HTMLVideoElement {
  const video = document.createElement("video");
  video.muted = true; // autoplay is only allowed muted (R-AUD-2: the player starts muted)
  video.playsInline = true;
  document.getElementById("stage")?.append(video);
  return video;
}

async function played(video: HTMLVideoElement) {
  await video.play();
  await waitFor(() => video.currentTime > 0.5, "half a second of playback", 10_000);
  const facts = {
    currentTime: video.currentTime,
    width: video.videoWidth,
    height: video.videoHeight,
    muted: video.muted,
    // Native playback reads the playlist itself; hls.js plays a blob: MediaSource URL.
    viaMse: video.currentSrc.startsWith("blob:"),
  };
  video.pause();
  return facts;
}

expose("hlsPage", {
  nativeSupport() {
    return document.createElement("video").canPlayType("application/vnd.apple.mpegurl");
  },

  async playNative() {
    const video = newVideo();
    video.src = playlist;
    return played(video);
  },

  async playHlsJs() {
    const { default: Hls } = await import("hls.js");
    if (!Hls.isSupported()) throw new Error("hls.js says Media Source Extensions are missing");
    const video = newVideo();
    const hls = new Hls();
    const fatal: string[] = [];
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (data.fatal) fatal.push(data.details);
    });
    const parsed = new Promise<void>((resolve) =>
      hls.once(Hls.Events.MANIFEST_PARSED, () => resolve()),
    );
    hls.loadSource(playlist);
    hls.attachMedia(video);
    await parsed;
    const facts = await played(video);
    hls.destroy();
    return { ...facts, fatal };
  },
});
