// A worker of the signing pool: the provider's own `issueToken`, on its own thread.
import { parentPort, workerData } from "node:worker_threads";
import { isLiveError } from "@onair/core";
import { createVonageProvider } from "@onair/vonage";
import type { SigningAnswer, SigningProviderOptions, SigningRequest } from "./signing-pool.js";

const provider = createVonageProvider(workerData as SigningProviderOptions);

parentPort?.on("message", async ({ id, roomId, request }: SigningRequest) => {
  let answer: SigningAnswer;
  try {
    answer = { id, ok: true, issued: await provider.issueToken(roomId, request) };
  } catch (error) {
    answer = {
      id,
      ok: false,
      code: isLiveError(error) ? error.code : null,
      message: error instanceof Error ? error.message : "signing failed",
    };
  }
  parentPort?.postMessage(answer);
});
