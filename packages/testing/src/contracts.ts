// @onair/testing/contracts — the contract suites, which register vitest tests (describe/it/expect).
// Kept apart from the main entry so that `@onair/testing` loads anywhere, CommonJS `require` included,
// without vitest. ESM only, like vitest itself (which refuses `require`). Public exports are listed
// by name: nothing is public by accident.

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
export type {
  ContractClient,
  ContractWebhookContext,
  ContractWebhookKind,
  ExpectedWebhookDelivery,
  ProviderContractFactory,
  ProviderContractSubject,
  WebhookDelivery,
} from "./provider-contract.js";
export { runProviderContract } from "./provider-contract.js";
export type { StoreContractOptions, StoreFactory } from "./store-contract.js";
export { runStoreContract } from "./store-contract.js";
