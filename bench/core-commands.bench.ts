// Command throughput of the core on the in-memory store. Baselines, measured in the same run:
// the pure `decide` alone (the rules' cost), and a bare compare-and-set store update (the storage
// cost). The service's figure shows what the orchestration around them costs.
import {
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  decide,
  type LiveProvider,
  type LiveSession,
  providerRoleOf,
} from "@onair/core";
import { aLiveSession } from "@onair/testing";
import { measure, printTable, warmupOf } from "./support.js";

let counter = 0;
const provider: LiveProvider = {
  limits: { maxStageStreams: 16 },
  createRoom: async () => ({ roomId: `room-${++counter}` }),
  issueToken: async (roomId, request) => ({
    providerRole: providerRoleOf(request.role),
    connection: { provider: "mock", applicationId: "app", roomId, token: "t" },
  }),
  startRecording: async (roomId, options) => ({
    id: `rec-${++counter}`,
    roomId,
    name: options.name,
    status: "started",
    createdAt: 0,
    duration: null,
    reason: null,
    url: null,
  }),
  stopRecording: async (id) => ({
    id,
    roomId: "",
    name: null,
    status: "stopped",
    createdAt: 0,
    duration: null,
    reason: null,
    url: null,
  }),
  listRecordings: async () => [],
  getRecording: async (id) => ({
    id,
    roomId: "",
    name: null,
    status: "available",
    createdAt: 0,
    duration: null,
    reason: null,
    url: "u",
  }),
  deleteRecording: async () => {},
  startBroadcast: async () => ({ id: `b-${++counter}`, hlsUrl: "h", status: "started" }),
  stopBroadcast: async (id) => ({ id, hlsUrl: null, status: "stopped" }),
  setStage: async () => {},
  disconnect: async () => {},
  parseWebhook: async () => [],
};

const moderator = { kind: "person" as const, personKey: "p-mod", roles: ["moderator" as const] };
const sessions = (ops: number): LiveSession[] =>
  Array.from({ length: ops + warmupOf(ops) }, (_, i) =>
    aLiveSession({ id: `ses-${i}`, live: { ...aLiveSession().live, roomId: `room-x-${i}` } }),
  );

const N = 20_000;

const prepared = sessions(N);
const pure = await measure(
  "decide (pure rules)",
  N,
  (i) => {
    const session = prepared[i] ?? aLiveSession();
    const started = decide(session, { type: "start-live", actor: moderator }, 0).session;
    decide(started, { type: "stop-live", actor: moderator }, 1);
  },
  2,
);

const storeOnly = await (async () => {
  const store = createInMemoryStore();
  const all = sessions(N);
  for (const s of all) await store.create(s);
  return measure(
    "store compare-and-set",
    N,
    async (i) => {
      const s = all[i] ?? aLiveSession();
      await store.update({ ...s, version: 2 }, 1, []);
      await store.update({ ...s, version: 3 }, 2, []);
    },
    2,
  );
})();

const service = await (async () => {
  const store = createInMemoryStore();
  const service = createLiveService({ store, provider, changes: createInMemoryChangeFeed() });
  const all = sessions(N);
  for (const s of all) await store.create(s);
  return measure(
    "service startLive + stopLive",
    N,
    async (i) => {
      const id = all[i]?.id ?? "ses-0";
      await service.startLive(id, { email: "mod@example.com" });
      await service.stopLive(id, { email: "mod@example.com" });
    },
    2,
  );
})();

printTable([pure, storeOnly, service], pure);
