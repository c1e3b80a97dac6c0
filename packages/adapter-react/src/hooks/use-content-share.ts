// Share a file (PDF, image, mp4) or the screen, and turn pages (R-PERM-4): speakers and moderators.
import type { ContentShareHandle, ControlRoomState } from "@onair/client";
import { Capability } from "@onair/core/browser";
import { useJoin } from "./use-join.js";

export interface ContentShareControls {
  readonly sharing: ControlRoomState["sharing"];
  readonly canShare: boolean;
  shareFile(file: File): Promise<void>;
  shareScreen(): Promise<void>;
  stopSharing(): Promise<void>;
  next(): Promise<void>;
  previous(): Promise<void>;
  goTo(page: number): Promise<void>;
}

// The handle of the content a room is sharing, whichever component started it.
const handles = new WeakMap<object, ContentShareHandle>();

export function useContentShare(sessionId: string): ContentShareControls {
  const { state, room, can } = useJoin(sessionId);
  const handle = () => (room ? handles.get(room) : undefined);
  return {
    sharing: state.sharing,
    canShare: can(Capability.shareContent),
    async shareFile(file) {
      if (room === null) return;
      handles.set(room, await room.shareContent(file));
    },
    shareScreen: () => room?.shareScreen() ?? Promise.resolve(),
    async stopSharing() {
      if (room === null) return;
      handles.delete(room);
      await room.stopSharing();
    },
    next: () => handle()?.next() ?? Promise.resolve(),
    previous: () => handle()?.previous() ?? Promise.resolve(),
    goTo: (page) => handle()?.goTo(page) ?? Promise.resolve(),
  };
}
