// runLiveHttpContract: the onair HTTP API's behaviour, as any host must show it: every route and
// role, every error status, the security rules (R-SEC-1, R-SEC-2), SSE with resume, webhooks and
// abuse limits. A host mounts the API at `/live` and says how to reach it.
import { describe } from "vitest";
import { adminCases } from "./admin.js";
import { audienceCases } from "./audience.js";
import { contentCases } from "./content.js";
import { controlRoomCases } from "./control-room.js";
import { errorCases } from "./errors.js";
import { fuzzCases } from "./fuzz.js";
import type { LiveHttpHost } from "./host.js";
import { createMockSubject } from "./mock-subject.js";
import { preflightCases } from "./preflight.js";
import { refusalCases } from "./refusals.js";
import { sseCases } from "./sse.js";
import { contractContext } from "./steps.js";
import type { LiveHttpSubject } from "./subject.js";
import { webhookCases } from "./webhooks.js";

export interface LiveHttpContractOptions {
  /** Mounts the API on the host under test. */
  readonly host: LiveHttpHost;
  /** The provider side (default: the mock provider of @onair/testing). */
  readonly subject?: () => LiveHttpSubject | Promise<LiveHttpSubject>;
  /** Whether the host listens on a real socket: raw HTTP cases (repeated headers, chunked or partial uploads) run only then. */
  readonly sockets: boolean;
  /** Random requests the abuse case sends (default 10,000; 0 leaves it out). */
  readonly fuzzRuns?: number;
}

export function runLiveHttpContract(options: LiveHttpContractOptions): void {
  describe("onair HTTP API contract", () => {
    const ctx = contractContext(
      options.host,
      options.subject ?? createMockSubject,
      options.sockets,
    );
    adminCases(ctx);
    audienceCases(ctx);
    controlRoomCases(ctx);
    contentCases(ctx);
    preflightCases(ctx);
    webhookCases(ctx);
    errorCases(ctx);
    sseCases(ctx);
    refusalCases(ctx);
    const fuzzRuns = options.fuzzRuns ?? 10_000;
    if (fuzzRuns > 0) fuzzCases(options.host, options.subject ?? createMockSubject, fuzzRuns);
  });
}
