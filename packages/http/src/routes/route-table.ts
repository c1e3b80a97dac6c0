// Finds the route of a method and path in two map lookups: the path as it is, then with its
// session id segment replaced by `:id`. HEAD is served by the GET route.
import type { LiveRoute } from "./route.js";

export interface RouteMatch {
  readonly route: LiveRoute;
  /** The `:id` segment, still percent-encoded ("" for routes without one). */
  readonly idSegment: string;
}

export interface RouteTable {
  match(method: string, path: string): RouteMatch | null;
}

export function createRouteTable(routes: readonly LiveRoute[]): RouteTable {
  const byKey = new Map<string, LiveRoute>();
  for (const route of routes) {
    const segments = route.path.split("/");
    const id = segments.indexOf(":id");
    if (id >= 0 && id !== 2) throw new Error(`${route.path}: ":id" must be the second segment.`);
    if (segments.some((segment, i) => segment.startsWith(":") && i !== id)) {
      throw new Error(`${route.path}: only ":id" can vary.`);
    }
    const key = `${route.method} ${route.path}`;
    if (byKey.has(key)) throw new Error(`Two routes for ${key}.`);
    byKey.set(key, route);
  }
  return {
    match(method, rawPath) {
      const verb = method === "HEAD" ? "GET" : method;
      // One trailing slash is forgiven, as Express's non-strict routing does.
      const path = rawPath.length > 1 && rawPath.endsWith("/") ? rawPath.slice(0, -1) : rawPath;
      const exact = byKey.get(`${verb} ${path}`);
      if (exact !== undefined && !exact.path.includes(":")) return { route: exact, idSegment: "" };
      // "/sessions/<id>/rest": the id is the second segment.
      const start = path.indexOf("/", 1);
      if (start < 0) return null;
      const end = path.indexOf("/", start + 1);
      const idSegment = end < 0 ? path.slice(start + 1) : path.slice(start + 1, end);
      if (idSegment === "") return null;
      const shape = `${path.slice(0, start)}/:id${end < 0 ? "" : path.slice(end)}`;
      const route = byKey.get(`${verb} ${shape}`);
      return route === undefined ? null : { route, idSegment };
    },
  };
}
