// Follows a session's audience view over Server-Sent Events, read with fetch streaming rather
// than EventSource: it runs in browsers and Node alike, sends Last-Event-ID itself, and sees the
// problem document of a refused stream (EventSource only sees "error" and gives up).
import type { AudienceView, LiveError } from "@onair/core";
import { errorFromResponse, networkError } from "../http/client-errors.js";
import type { Transport } from "../http/live-client.js";
import { routes } from "../http/routes.js";
import type { AudienceFollower, AudienceState, ReconnectOptions } from "../types.js";
import { createSseParser } from "./sse-parser.js";

// Refusals that a later try may get past; others (404, 401, 403) end the follower.
const retriableCodes = new Set(["RATE_LIMITED", "SERVICE_UNAVAILABLE", "STORE_FAILED"]);

const healthyStreamMs = 10_000;

export function followAudience(
  transport: Transport,
  sessionId: string,
  reconnect: ReconnectOptions = {},
): AudienceFollower {
  const minDelayMs = reconnect.minDelayMs ?? 1_000;
  const maxDelayMs = reconnect.maxDelayMs ?? 30_000;
  const listeners = new Set<() => void>();
  let state: AudienceState = { view: null, connection: "connecting", error: null };
  let lastEventId: string | null = null;
  let serverRetryMs = 0;
  let failures = 0;
  let closed = false;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const set = (next: Partial<AudienceState>) => {
    const merged = { ...state, ...next };
    if (
      merged.view === state.view &&
      merged.connection === state.connection &&
      merged.error === state.error
    ) {
      return;
    }
    state = merged;
    for (const listener of [...listeners]) listener();
  };

  const onEvent = (id: string | null, data: string) => {
    let view: AudienceView;
    try {
      view = JSON.parse(data) as AudienceView;
    } catch {
      return;
    }
    if (id !== null) lastEventId = id;
    // Versions only grow; an older state arriving late is not shown.
    if (state.view !== null && view.version < state.view.version) return;
    set({ view, connection: "open", error: null });
  };

  const scheduleReconnect = (error: LiveError | null, afterSeconds?: number) => {
    if (closed) return;
    failures += 1;
    const backoff = Math.min(maxDelayMs, Math.max(minDelayMs, serverRetryMs) * 2 ** (failures - 1));
    const delay = afterSeconds === undefined ? backoff : Math.max(backoff, afterSeconds * 1000);
    set({ connection: "reconnecting", error: error ?? state.error });
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
  };

  const connect = async () => {
    if (closed) return;
    controller = new AbortController();
    const headers: Record<string, string> = { accept: "text/event-stream" };
    if (lastEventId !== null) headers["last-event-id"] = lastEventId;
    let response: Response;
    try {
      response = await transport.fetch(transport.url(routes.events(sessionId).path), {
        method: "GET",
        headers: { ...headers, "accept-language": transport.locale },
        credentials: transport.credentials,
        signal: controller.signal,
      });
    } catch (cause) {
      if (!closed) scheduleReconnect(networkError(cause, transport.locale));
      return;
    }
    if (!response.ok) {
      const error = await errorFromResponse(response, transport.locale);
      if (closed) return;
      if (retriableCodes.has(error.code) || response.status >= 500) {
        scheduleReconnect(error, error.retryAfterSeconds);
      } else {
        set({ connection: "closed", error });
        closed = true;
      }
      return;
    }
    if (response.body === null) {
      scheduleReconnect(null);
      return;
    }
    set({ connection: "open", error: null });
    // The backoff starts over only once a stream proved useful (a state, or a long life): a
    // server that answers and closes at once is not hammered.
    const openedAt = Date.now();
    let delivered = false;
    const parser = createSseParser({
      event: (event) => {
        delivered = true;
        onEvent(event.id, event.data);
      },
      retry: (ms) => {
        serverRetryMs = ms;
      },
    });
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(decoder.decode(value, { stream: true }));
      }
    } catch {
      // A dropped connection: resume below.
    }
    if (delivered || Date.now() - openedAt >= healthyStreamMs) failures = 0;
    if (!closed) scheduleReconnect(null);
  };

  void connect();

  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (closed && state.connection === "closed") return;
      closed = true;
      if (timer !== null) clearTimeout(timer);
      controller?.abort();
      set({ connection: "closed" });
    },
  };
}
