// The HTTP API's paths as the client calls them (docs/http.md), relative to where the router is
// mounted. One file, so that moving to the shared HTTP contract is one change.

const id = (sessionId: string) => encodeURIComponent(sessionId);

export const routes = {
  join: (sessionId: string) => ({ method: "POST", path: `/sessions/${id(sessionId)}/join` }),
  startLive: (sessionId: string) => ({
    method: "POST",
    path: `/sessions/${id(sessionId)}/live/start`,
  }),
  stopLive: (sessionId: string) => ({
    method: "POST",
    path: `/sessions/${id(sessionId)}/live/stop`,
  }),
  setStage: (sessionId: string) => ({ method: "PUT", path: `/sessions/${id(sessionId)}/stage` }),
  presence: (sessionId: string) => ({ method: "GET", path: `/sessions/${id(sessionId)}/presence` }),
  content: (sessionId: string) => ({ method: "POST", path: `/sessions/${id(sessionId)}/content` }),
  audience: (sessionId: string) => ({ method: "GET", path: `/sessions/${id(sessionId)}/audience` }),
  events: (sessionId: string) => ({ method: "GET", path: `/sessions/${id(sessionId)}/events` }),
  replay: (sessionId: string) => ({ method: "GET", path: `/sessions/${id(sessionId)}/replay` }),
  preflight: () => ({ method: "POST", path: "/preflight" }),
  bandwidth: () => ({ method: "POST", path: "/preflight/bandwidth" }),
} as const satisfies Record<string, (...args: string[]) => { method: string; path: string }>;

export type Route = ReturnType<(typeof routes)[keyof typeof routes]>;
