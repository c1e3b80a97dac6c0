// UDP and relay hints (R-PRE-5) from ICE candidate gathering against STUN/TURN servers the host
// gives: a server-reflexive UDP candidate proves UDP gets out; relay candidates say over which
// transport a TURN server was reached. Without servers nothing can be told: "unknown".
import type { PreflightReport } from "@onair/core";
import type { ConnectivityProbeOptions, PreflightFailure } from "../types.js";

type Hints = Pick<PreflightReport["network"], "udp" | "relay">;

interface Candidate {
  readonly type: string | null;
  readonly protocol: string | null;
  readonly relayProtocol: string | null;
}

const unknown: Hints = { udp: "unknown", relay: "unknown" };

/** Reads a candidate's fields, from the object where the browser fills them, else its SDP line. */
function read(candidate: RTCIceCandidate): Candidate {
  const line = candidate.candidate ?? "";
  const parts = line.split(" ");
  const typ = parts.indexOf("typ");
  return {
    type: candidate.type ?? (typ === -1 ? null : (parts[typ + 1] ?? null)),
    protocol: candidate.protocol ?? (parts[2]?.toLowerCase() || null),
    relayProtocol: (candidate as { relayProtocol?: string | null }).relayProtocol ?? null,
  };
}

const urlsOf = (servers: readonly RTCIceServer[]) =>
  servers.flatMap((server) => (Array.isArray(server.urls) ? server.urls : [server.urls]));

async function gather(servers: readonly RTCIceServer[], timeoutMs: number): Promise<Candidate[]> {
  const connection = new RTCPeerConnection({ iceServers: [...servers] });
  const found: Candidate[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, timeoutMs);
      connection.onicecandidate = (event) => {
        if (event.candidate === null) {
          clearTimeout(timer);
          resolve();
        } else {
          found.push(read(event.candidate));
        }
      };
      connection.createDataChannel("onair-preflight");
      connection
        .createOffer()
        .then((offer) => connection.setLocalDescription(offer))
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error);
        });
    });
  } finally {
    connection.close();
  }
  return found;
}

export async function probeConnectivity(
  options: ConnectivityProbeOptions | undefined,
  failures: PreflightFailure[],
): Promise<Hints> {
  if (options === undefined || options.iceServers.length === 0) return unknown;
  if (typeof globalThis.RTCPeerConnection !== "function") return unknown;
  let candidates: Candidate[];
  try {
    candidates = await gather(options.iceServers, options.timeoutMs ?? 3_000);
  } catch {
    failures.push({
      code: "connectivity-probe-failed",
      message: "The browser could not gather network candidates.",
    });
    return unknown;
  }
  const reflexiveUdp = candidates.some((c) => c.type === "srflx" && c.protocol === "udp");
  const relays = new Set(
    candidates.filter((c) => c.type === "relay").map((c) => c.relayProtocol ?? "unknown"),
  );
  const relay: Hints["relay"] = reflexiveUdp
    ? "none"
    : relays.has("udp")
      ? "udp"
      : relays.has("tcp")
        ? "tcp"
        : relays.has("tls")
          ? "tls"
          : "unknown";
  // Every STUN and TURN server answers over UDP unless only TCP/TLS TURN URLs were given.
  const askedOverUdp = urlsOf(options.iceServers).some(
    (url) => /^stuns?:/i.test(url) || (/^turn:/i.test(url) && !/transport=tcp/i.test(url)),
  );
  const udp: Hints["udp"] =
    reflexiveUdp || relays.has("udp") ? "ok" : askedOverUdp ? "blocked" : "unknown";
  if (udp === "blocked") {
    failures.push({
      code: "udp-blocked",
      message: "No answer over UDP from the network test servers.",
    });
  }
  return { udp, relay };
}
