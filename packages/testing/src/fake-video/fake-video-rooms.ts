// Rooms of the fake video client, shared in-process: every client connected to the same room id
// sees the others' streams, as participants of one Vonage session do.
import type { RemoteStreamInfo, VideoRoomEvents } from "./video-port.js";

export interface FakeRoomStream {
  readonly info: RemoteStreamInfo;
  /** The video track that was published (a clone for custom tracks), for subscribers. */
  readonly video: MediaStreamTrack | null;
  readonly audio: MediaStreamTrack | null;
  readonly owner: FakeRoomMember;
}

export interface FakeRoomMember {
  readonly events: VideoRoomEvents;
}

export interface FakeVideoRoomState {
  readonly roomId: string;
  readonly streams: ReadonlyMap<string, FakeRoomStream>;
  readonly members: ReadonlySet<FakeRoomMember>;
}

/** Rooms by id. One registry per test gives isolation; the default one is shared by every client. */
export interface FakeVideoRooms {
  room(roomId: string): FakeVideoRoomState;
  join(roomId: string, member: FakeRoomMember): readonly FakeRoomStream[];
  leave(roomId: string, member: FakeRoomMember): void;
  addStream(roomId: string, stream: FakeRoomStream): void;
  removeStream(roomId: string, streamId: string): void;
  nextStreamId(): string;
}

interface MutableRoom {
  readonly roomId: string;
  readonly streams: Map<string, FakeRoomStream>;
  readonly members: Set<FakeRoomMember>;
}

export function createFakeVideoRooms(): FakeVideoRooms {
  const rooms = new Map<string, MutableRoom>();
  let streamIds = 0;
  const room = (roomId: string): MutableRoom => {
    let found = rooms.get(roomId);
    if (found === undefined) {
      found = { roomId, streams: new Map(), members: new Set() };
      rooms.set(roomId, found);
    }
    return found;
  };
  return {
    room,
    join(roomId, member) {
      const joined = room(roomId);
      joined.members.add(member);
      return [...joined.streams.values()];
    },
    leave(roomId, member) {
      room(roomId).members.delete(member);
    },
    addStream(roomId, stream) {
      const target = room(roomId);
      target.streams.set(stream.info.streamId, stream);
      for (const member of target.members) {
        if (member !== stream.owner) member.events.streamAdded(stream.info);
      }
    },
    removeStream(roomId, streamId) {
      const target = room(roomId);
      const stream = target.streams.get(streamId);
      if (stream === undefined) return;
      target.streams.delete(streamId);
      for (const member of target.members) {
        if (member !== stream.owner) member.events.streamRemoved(streamId);
      }
    },
    nextStreamId() {
      streamIds += 1;
      return `fake-stream-${streamIds}`;
    },
  };
}

/** The registry clients use when none is given: one per JavaScript realm. */
export const sharedFakeVideoRooms: FakeVideoRooms = createFakeVideoRooms();
