// The core's embedded store honours the SessionStore contract.
import { createInMemoryStore } from "@onair/core";
import { runStoreContract } from "../src/contracts.js";

runStoreContract("in-memory", () => createInMemoryStore());
