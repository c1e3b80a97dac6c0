// The code of a client-token signing thread. It is plain JavaScript run with
// `new Worker(code, { eval: true })`, so it needs no file next to the bundle and behaves the same
// from the built package and from sources. The key arrives once, as a KeyObject in `workerData`.
export const signingWorkerSource = `"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const { sign } = require("node:crypto");
const key = workerData.privateKey;
parentPort.on("message", (request) => {
  let signature = null;
  try {
    // RS256: RSASSA-PKCS1-v1_5 over SHA-256, node's default padding for RSA keys.
    signature = sign("sha256", Buffer.from(request.input, "utf8"), key).toString("base64url");
  } catch {
    // Answered as a failure below; the error itself could describe the key, so it stays here.
  }
  parentPort.postMessage({ id: request.id, signature });
});
`;
