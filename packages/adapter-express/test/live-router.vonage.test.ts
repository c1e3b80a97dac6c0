// The same suite as on the mock, on @onair/vonage: the real SDK against the Vonage Video API
// emulated on msw. Any request to another host fails the test; only this app's own server
// (127.0.0.1) is let through.
import { runLiveHttpContract } from "@onair/testing/contracts";
import { createVonageTestCredentials } from "@onair/testing/vonage-msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe } from "vitest";
import { expressHost } from "./express-host.js";
import { createVonageSubject } from "./vonage-subject.js";

const credentials = createVonageTestCredentials();
const server = setupServer();

beforeAll(() =>
  server.listen({
    onUnhandledFrame({ frame, defaults }) {
      const request = (frame as { data?: { request?: Request } }).data?.request;
      if (request !== undefined && new URL(request.url).hostname === "127.0.0.1") return;
      defaults.error();
    },
  }),
);
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe("live router on the Vonage provider (emulated API)", () => {
  runLiveHttpContract({
    host: expressHost,
    subject: () => createVonageSubject(server, credentials),
    sockets: true,
    // The random requests run on the mock provider; here every route runs on the real SDK.
    fuzzRuns: 0,
  });
});
