// @onair/testing/contracts — the contract suites, which need vitest; the main entry stays free of
// it so that it loads under CommonJS `require` too. Public exports are listed by name.

export type {
  ChangeFeedContractFactory,
  ChangeFeedContractOptions,
  ChangeFeedContractSubject,
} from "./change-feed-contract.js";
export { runChangeFeedContract } from "./change-feed-contract.js";
export type {
  ContractMount,
  ContractRateLimit,
  ContractScheduler,
  ContractSettings,
  HeaderReader,
  LiveHttpHost,
  MountedHost,
} from "./http-contract/host.js";
export { createMockSubject as createMockHttpSubject } from "./http-contract/mock-subject.js";
export type { LiveHttpContractOptions } from "./http-contract/run-contract.js";
export { runLiveHttpContract } from "./http-contract/run-contract.js";
export type { LiveHttpSubject } from "./http-contract/subject.js";
