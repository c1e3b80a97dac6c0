// Client tokens per second: the Vonage SDK's `generateClientToken` (baseline: it parses the PEM
// key on every call) against `issueToken` of @onair/vonage (the key parsed once), in the same
// process, on the same key. Goal: ≥ 0.95 × baseline. Sized for a few seconds on 2 cores.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createVonageProvider } from "@onair/vonage";
import { Auth } from "@vonage/auth";
import { Vonage } from "@vonage/server-sdk";
import { type Figure, measure, printTable } from "./support.js";

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const applicationId = randomUUID();
const roomId = "2_MX4benchmarkRoom";
const connectionData = "onair1|pk_bench|speaker|g_bench";
const expiresAt = Date.now() + 5 * 60_000;
const expireTime = Math.floor(expiresAt / 1000);

const sdk = new Vonage(new Auth({ applicationId, privateKey })).video;
const provider = createVonageProvider({
  applicationId,
  privateKey,
  signatureSecret: "benchmark-signature-secret",
});

const N = 1500;

const runSdk = () =>
  measure("SDK generateClientToken (PEM parsed per call)", N, () => {
    sdk.generateClientToken(roomId, { role: "publisher", data: connectionData, expireTime });
  });

const runOnair = () =>
  measure("@onair/vonage issueToken (key parsed once)", N, async () => {
    await provider.issueToken(roomId, { role: "speaker", connectionData, expiresAt });
  });

// Two alternating rounds, keeping each side's best, so that neither pays for warming up the CPU.
const best = (a: Figure, b: Figure) => (a.rate >= b.rate ? a : b);
const sdkFirst = await runSdk();
const onairFirst = await runOnair();
const baseline = best(sdkFirst, await runSdk());
const onair = best(onairFirst, await runOnair());

printTable([baseline, onair], baseline, "tokens/s");
const ratio = onair.rate / baseline.rate;
console.log(
  `goal issueToken ≥ 0.95 × baseline: ${ratio >= 0.95 ? "met" : "NOT met"} (${ratio.toFixed(2)}×)`,
);
