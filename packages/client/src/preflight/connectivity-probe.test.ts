import { afterEach, describe, expect, it, vi } from "vitest";
import type { PreflightFailure } from "../types.js";
import { probeConnectivity } from "./connectivity-probe.js";

/** A stand-in RTCPeerConnection that "gathers" the given candidate lines, then completes (or not). */
function peerConnectionGathering(lines: string[], options: { complete?: boolean } = {}) {
  const made: { config: RTCConfiguration; closed: boolean }[] = [];
  class FakePeerConnection {
    onicecandidate: ((event: { candidate: RTCIceCandidate | null }) => void) | null = null;
    readonly record: { config: RTCConfiguration; closed: boolean };
    constructor(config: RTCConfiguration) {
      this.record = { config, closed: false };
      made.push(this.record);
    }
    createDataChannel() {
      return {};
    }
    async createOffer() {
      return { type: "offer", sdp: "" };
    }
    async setLocalDescription() {
      setTimeout(() => {
        for (const candidate of lines) {
          // Only the SDP line, as browsers without the parsed fields give it.
          this.onicecandidate?.({ candidate: { candidate } as RTCIceCandidate });
        }
        if (options.complete !== false) this.onicecandidate?.({ candidate: null });
      }, 1);
    }
    close() {
      this.record.closed = true;
    }
  }
  vi.stubGlobal("RTCPeerConnection", FakePeerConnection);
  return made;
}

const host = "candidate:1 1 udp 2122260223 192.168.1.10 54321 typ host generation 0";
const srflxUdp =
  "candidate:2 1 udp 1686052607 203.0.113.7 54321 typ srflx raddr 192.168.1.10 rport 54321";
const relayTcp = {
  candidate: "candidate:3 1 udp 41885439 198.51.100.2 3478 typ relay raddr 203.0.113.7 rport 1",
  relayProtocol: "tcp",
};

const stun = [{ urls: "stun:stun.example.com:3478" }];

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("probeConnectivity (R-PRE-5)", () => {
  it("without servers nothing can be told", async () => {
    const made = peerConnectionGathering([srflxUdp]);
    const failures: PreflightFailure[] = [];
    await expect(probeConnectivity(undefined, failures)).resolves.toEqual({
      udp: "unknown",
      relay: "unknown",
    });
    await expect(probeConnectivity({ iceServers: [] }, failures)).resolves.toEqual({
      udp: "unknown",
      relay: "unknown",
    });
    expect(made).toHaveLength(0);
  });

  it("a server-reflexive UDP candidate: UDP gets out, media can go direct", async () => {
    const made = peerConnectionGathering([host, srflxUdp]);
    const failures: PreflightFailure[] = [];
    await expect(probeConnectivity({ iceServers: stun }, failures)).resolves.toEqual({
      udp: "ok",
      relay: "none",
    });
    expect(made[0]?.config.iceServers).toEqual(stun);
    expect(made[0]?.closed).toBe(true);
    expect(failures).toEqual([]);
  });

  it("only host candidates against a STUN server: UDP is blocked, with a reason code", async () => {
    peerConnectionGathering([host]);
    const failures: PreflightFailure[] = [];
    await expect(probeConnectivity({ iceServers: stun }, failures)).resolves.toEqual({
      udp: "blocked",
      relay: "unknown",
    });
    expect(failures.map((f) => f.code)).toEqual(["udp-blocked"]);
  });

  it("a TURN relay reached over TCP only: relayed over TCP", async () => {
    vi.stubGlobal(
      "RTCPeerConnection",
      class {
        onicecandidate: ((event: { candidate: unknown }) => void) | null = null;
        createDataChannel() {}
        async createOffer() {
          return {};
        }
        async setLocalDescription() {
          setTimeout(() => {
            this.onicecandidate?.({ candidate: { candidate: host } });
            this.onicecandidate?.({ candidate: relayTcp });
            this.onicecandidate?.({ candidate: null });
          }, 1);
        }
        close() {}
      },
    );
    const failures: PreflightFailure[] = [];
    const turn = [
      { urls: ["turn:turn.example.com:3478", "turns:turn.example.com:443?transport=tcp"] },
    ];
    await expect(probeConnectivity({ iceServers: turn }, failures)).resolves.toEqual({
      udp: "blocked",
      relay: "tcp",
    });
  });

  it("stops gathering at the timeout", async () => {
    peerConnectionGathering([host], { complete: false });
    const started = Date.now();
    await expect(probeConnectivity({ iceServers: stun, timeoutMs: 50 }, [])).resolves.toMatchObject(
      {
        udp: "blocked",
      },
    );
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("a browser that cannot gather is reported, not thrown", async () => {
    vi.stubGlobal(
      "RTCPeerConnection",
      class {
        createDataChannel() {}
        async createOffer() {
          throw new Error("no");
        }
        close() {}
      },
    );
    const failures: PreflightFailure[] = [];
    await expect(probeConnectivity({ iceServers: stun }, failures)).resolves.toEqual({
      udp: "unknown",
      relay: "unknown",
    });
    expect(failures.map((f) => f.code)).toEqual(["connectivity-probe-failed"]);
  });
});
