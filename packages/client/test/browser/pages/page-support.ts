// Helpers shared by the test pages: pixels of a track, and waiting on a condition.

/** Average colour of a track's current picture (plays it in a <video>, draws one frame). */
export async function averageColour(
  track: MediaStreamTrack,
): Promise<{ r: number; g: number; b: number }> {
  const video = document.createElement("video");
  video.muted = true;
  video.srcObject = new MediaStream([track]);
  await video.play();
  await waitFor(() => video.videoWidth > 0, "a frame");
  const colour = colourOf(video);
  video.srcObject = null;
  return colour;
}

/** Average colour of what a <video> shows now. */
export function colourOf(video: HTMLVideoElement): { r: number; g: number; b: number } {
  const canvas = document.createElement("canvas");
  canvas.width = 32;
  canvas.height = 24;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (context === null) throw new Error("no 2d context");
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  let r = 0;
  let g = 0;
  let b = 0;
  for (let index = 0; index < data.length; index += 4) {
    r += data[index] ?? 0;
    g += data[index + 1] ?? 0;
    b += data[index + 2] ?? 0;
  }
  const pixels = data.length / 4;
  return { r: Math.round(r / pixels), g: Math.round(g / pixels), b: Math.round(b / pixels) };
}

export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Publishes the page's API for the test and marks the page ready. */
export function expose(name: string, api: object): void {
  (globalThis as Record<string, unknown>)[name] = api;
  document.body.dataset.ready = "true";
}
