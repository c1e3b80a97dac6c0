// The audience room with the fake video client of @onair/testing and a follower the test pushes
// views to: it joins only while the view is live with subscriber delivery (R-AUD-1), lists the
// stage's streams as the pushed views change, shows them, and close() ends everything.
import type { AudienceView, JoinGrant, ProviderConnection } from "@onair/core";
import { LiveError } from "@onair/core/browser";
import { anAudienceView, createFakeVideoClient, createFakeVideoRooms } from "@onair/testing";
import { describe, expect, it } from "vitest";
import type { AudienceFollower, AudienceState, LiveClient } from "../types.js";
import { createAudienceRoom } from "./audience-room.js";

const connection: ProviderConnection = {
  provider: "mock",
  applicationId: "mock-app",
  roomId: "room_1",
  token: "t",
};

const attendeeGrant: JoinGrant = {
  sessionId: "ses_1",
  role: "attendee",
  roles: ["attendee"],
  capabilities: [],
  providerRole: "subscriber",
  connection,
  grantId: "g_1",
  expiresAt: 0,
  camera: "off",
  microphone: "on",
  onStage: false,
};

/** The session's view with subscriber delivery, the audience room's subject. */
const view = (change: Partial<AudienceView> = {}) =>
  anAudienceView({ delivery: "subscribers", ...change });

function pushedFollower() {
  const listeners = new Set<() => void>();
  let state: AudienceState = { view: null, connection: "connecting", error: null };
  let closed = 0;
  const follower: AudienceFollower = {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed += 1;
    },
  };
  const push = (next: AudienceView) => {
    state = { view: next, connection: "open", error: null };
    for (const listener of [...listeners]) listener();
  };
  return { follower, push, closed: () => closed };
}

function stubClient(refuse?: LiveError) {
  const joins: string[] = [];
  const client = {
    async join(sessionId: string) {
      joins.push(sessionId);
      if (refuse) throw refuse;
      return attendeeGrant;
    },
  } as unknown as LiveClient;
  return { client, joins };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const element = () => ({}) as HTMLElement;

async function setUp(refuse?: LiveError) {
  const rooms = createFakeVideoRooms();
  const video = createFakeVideoClient({ rooms, media: "synthetic" });
  const speaker = await createFakeVideoClient({ rooms, media: "synthetic" }).connect(connection, {
    streamAdded() {},
    streamRemoved() {},
    disconnected() {},
  });
  const camera = await speaker.publishCamera({ publishVideo: true, publishAudio: true });
  const screen = await speaker.publishScreen();
  const api = stubClient(refuse);
  const pushed = pushedFollower();
  const room = createAudienceRoom(api.client, "ses_1", video, { follower: pushed.follower });
  const count = (method: string) => video.calls.filter((c) => c.method === method).length;
  const ids = { camera: camera.streamId ?? "", screen: screen.streamId ?? "" };
  return { room, video, api, pushed, count, ids, camera, screen };
}

const live = (stage: AudienceView["stage"], change: Partial<AudienceView> = {}) =>
  view({ phase: "live", screen: "live", stage, version: 2, ...change });

describe("client.audienceRoom", () => {
  it("R-AUD-1: joins with an attendee grant only once the view is live with subscriber delivery", async () => {
    const { room, api, count, pushed } = await setUp();
    pushed.push(view());
    await settle();
    expect(api.joins).toEqual([]);
    expect(room.getSnapshot().room).toBe("idle");

    pushed.push(live(null, { delivery: "hls" }));
    await settle();
    expect(api.joins).toEqual([]); // HLS delivery needs no connection
    expect(count("connect")).toBe(0);

    pushed.push(live(null));
    await settle();
    expect(api.joins).toEqual(["ses_1"]);
    expect(count("connect")).toBe(1);
    expect(room.getSnapshot().room).toBe("connected");
  });

  it("R-AUD-1: the stage follows the pushed views, the focused stream first, only streams the room has", async () => {
    const { room, pushed, ids } = await setUp();
    pushed.push(live({ streamIds: [ids.camera], layout: "grid", focusStreamId: null }));
    await settle();
    expect(room.getSnapshot().streams).toEqual([ids.camera]);

    pushed.push(
      live(
        { streamIds: [ids.camera, ids.screen, "gone"], layout: "focus", focusStreamId: ids.screen },
        { version: 3 },
      ),
    );
    expect(room.getSnapshot().streams).toEqual([ids.screen, ids.camera]);

    pushed.push(live({ streamIds: [], layout: "grid", focusStreamId: null }, { version: 4 }));
    expect(room.getSnapshot().streams).toEqual([]);
  });

  it("R-AUD-1: shows a stage stream as a subscription, detached when its publisher stops", async () => {
    const { room, pushed, ids, camera, count } = await setUp();
    pushed.push(live({ streamIds: [ids.camera], layout: "grid", focusStreamId: null }));
    await settle();
    await room.attach(ids.camera, element()).shown;
    expect(count("subscribe")).toBe(1);
    await camera.stop();
    await settle();
    expect(count("unsubscribe")).toBe(1);
    expect(room.getSnapshot().streams).toEqual([]);
  });

  it("R-LIFE-4: leaves the room when the live ends, and every subscription with it", async () => {
    const { room, pushed, ids, count } = await setUp();
    pushed.push(live({ streamIds: [ids.camera], layout: "grid", focusStreamId: null }));
    await settle();
    await room.attach(ids.camera, element()).shown;
    pushed.push(view({ phase: "ended", screen: "replay-processing", version: 5 }));
    await settle();
    expect(count("unsubscribe")).toBe(1);
    expect(count("leave")).toBe(1);
    expect(room.getSnapshot()).toMatchObject({ room: "idle", streams: [] });
  });

  it("R-AUD-2: a refused join is kept with its code and tried again only on a new view", async () => {
    const refusal = new LiveError("NOT_A_PARTICIPANT", "Not allowed to watch");
    const { room, pushed, api, count } = await setUp(refusal);
    const stage = { streamIds: [], layout: "grid", focusStreamId: null } as const;
    pushed.push(live(stage));
    await settle();
    expect(room.getSnapshot()).toMatchObject({
      room: "refused",
      error: { code: "NOT_A_PARTICIPANT" },
    });
    pushed.push(live(stage)); // the same version again: no new attempt
    await settle();
    expect(api.joins).toHaveLength(1);
    pushed.push(live(stage, { version: 9 }));
    await settle();
    expect(api.joins).toHaveLength(2);
    expect(count("connect")).toBe(0);
  });

  it("R-AUD-2: the stage starts muted; unmuting plays the streams shown and those shown later", async () => {
    const { room, pushed, ids, video } = await setUp();
    pushed.push(live({ streamIds: [ids.camera, ids.screen], layout: "grid", focusStreamId: null }));
    await settle();
    expect(room.getSnapshot().muted).toBe(true);
    await room.attach(ids.camera, element()).shown;
    room.setMuted(false);
    expect(room.getSnapshot().muted).toBe(false);
    await settle();
    await room.attach(ids.screen, element()).shown;
    room.setMuted(true);
    await settle();
    const audio = video.calls
      .filter((c) => c.method === "subscribe" || c.method === "setAudio")
      .map((c) => [c.method, c.streamId, c.details]);
    expect(audio).toEqual([
      ["subscribe", ids.camera, { audio: false }],
      ["setAudio", ids.camera, { on: true }],
      ["subscribe", ids.screen, { audio: true }],
      ["setAudio", ids.camera, { on: false }],
      ["setAudio", ids.screen, { on: false }],
    ]);
  });

  it("close() ends everything: subscriptions, the room and its own follower", async () => {
    const { room, pushed, ids, count } = await setUp();
    pushed.push(live({ streamIds: [ids.camera], layout: "grid", focusStreamId: null }));
    await settle();
    await room.attach(ids.camera, element()).shown;
    room.close();
    room.close();
    await settle();
    expect(count("unsubscribe")).toBe(1);
    expect(count("leave")).toBe(1);
    expect(room.getSnapshot()).toMatchObject({ room: "closed", streams: [] });
    expect(pushed.closed()).toBe(0); // a follower given by the caller is the caller's to close
    pushed.push(
      live({ streamIds: [ids.camera], layout: "grid", focusStreamId: null }, { version: 7 }),
    );
    await settle();
    expect(count("connect")).toBe(1); // closed for good
  });
});
