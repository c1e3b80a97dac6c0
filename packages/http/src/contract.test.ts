import { describe, expect, it } from "vitest";
import { liveHttpPath, liveHttpRoutes } from "./contract.js";
import { liveRoutesTable } from "./live-http.js";

describe("@onair/http/contract", () => {
  it("lists exactly the routes the server serves, so client and server cannot drift apart", () => {
    const served = liveRoutesTable.map((route) => `${route.method} ${route.path}`).sort();
    const listed = Object.values(liveHttpRoutes)
      .map((route) => `${route.method} ${route.path}`)
      .sort();
    expect(listed).toEqual(served);
  });

  it("builds a session's paths with the id percent-encoded", () => {
    expect(liveHttpPath("join", "ses_1")).toBe("/sessions/ses_1/join");
    expect(liveHttpPath("events", "a/b")).toBe("/sessions/a%2Fb/events");
    expect(liveHttpPath("preflight")).toBe("/preflight");
  });
});
