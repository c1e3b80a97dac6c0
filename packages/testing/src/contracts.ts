// @onair/testing/contracts — the contract suites, which need vitest; the main entry stays free of
// it so that it loads under CommonJS `require` too. Public exports are listed by name.

export type {
  ChangeFeedContractFactory,
  ChangeFeedContractOptions,
  ChangeFeedContractSubject,
} from "./change-feed-contract.js";
export { runChangeFeedContract } from "./change-feed-contract.js";
