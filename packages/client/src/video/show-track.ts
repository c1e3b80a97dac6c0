// One's own video in a page: a muted, autoplaying, inline <video> appended to an element.

/** Appends a muted <video> playing `track`; the returned function removes it. */
export function showTrack(element: HTMLElement, track: MediaStreamTrack): () => void {
  const video = element.ownerDocument.createElement("video");
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  element.appendChild(video);
  void video.play().catch(() => undefined);
  return () => {
    video.srcObject = null;
    video.remove();
  };
}
