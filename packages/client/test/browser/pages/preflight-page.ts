// The preflight in a real page: gatherPreflightReport with a LiveClient whose upload test goes to
// the HTTP API (the test routes /api/live to a real router).
import { createLiveClient, gatherPreflightReport } from "../../../src/index.js";
import { expose } from "./page-support.js";

const live = createLiveClient({ baseUrl: "/api/live", locale: "fr" });

expose("preflightPage", {
  async gather(role: "moderator" | "speaker" | "attendee") {
    const started = performance.now();
    const gathered = await gatherPreflightReport({ role, context: "published", client: live });
    return { ...gathered, tookMs: Math.round(performance.now() - started) };
  },
  async gatherWithCamera(deviceId: string) {
    const { report } = await gatherPreflightReport({
      role: "speaker",
      context: "preview",
      devices: { videoDeviceId: deviceId },
    });
    return report;
  },
  async serverVerdicts(role: "speaker") {
    const { report } = await gatherPreflightReport({ role, context: "published", client: live });
    const result = await live.preflight(report);
    return { overall: result.overall, ids: result.checks.map((check) => check.id) };
  },
});
