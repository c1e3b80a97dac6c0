// The HTTP API's routes as the client calls them, from the shared contract (@onair/http/contract:
// methods and paths only, no server code).
import { type LiveHttpRouteName, liveHttpPath, liveHttpRoutes } from "@onair/http/contract";

export interface Route {
  readonly method: string;
  readonly path: string;
}

const route =
  (name: LiveHttpRouteName) =>
  (sessionId = ""): Route => ({
    method: liveHttpRoutes[name].method,
    path: liveHttpPath(name, sessionId),
  });

export const routes = {
  join: route("join"),
  startLive: route("startLive"),
  stopLive: route("stopLive"),
  setStage: route("setStage"),
  presence: route("presence"),
  renewPresence: route("renewPresence"),
  content: route("validateContent"),
  audience: route("audience"),
  events: route("events"),
  replay: route("replay"),
  preflight: route("preflight"),
  bandwidth: route("bandwidthProbe"),
} as const;
