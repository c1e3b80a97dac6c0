// @onair/testing/contracts — contract suites that need vitest, apart from the main entry.

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
