// Reads a Server-Sent Events stream in tests, as the event page's EventSource does: every `data:`
// line of an event is parsed as JSON.
export interface EventStream<T> {
  readonly status: number;
  readonly contentType: string | null;
  /** Every event received so far, in order. */
  readonly received: readonly T[];
  /** Resolves with the first event (received or to come) that matches, or rejects after `timeoutMs`. */
  until(predicate: (event: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): void;
}

export async function openEventStream<T>(
  url: string,
  headers: Record<string, string> = {},
): Promise<EventStream<T>> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: abort.signal,
  });
  const received: T[] = [];
  const waiters = new Set<() => void>();

  const pump = async () => {
    if (response.body === null) return;
    const decoder = new TextDecoder();
    let buffer = "";
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split("\n")
          .filter((line) => line.startsWith("data: "))
          .map((line) => line.slice(6));
        if (data.length > 0) received.push(JSON.parse(data.join("\n")) as T);
        end = buffer.indexOf("\n\n");
      }
      for (const waiter of [...waiters]) waiter();
    }
  };
  void pump().catch(() => {});

  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    received,
    until(predicate, timeoutMs = 2_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(predicate);
          if (found === undefined) return false;
          clearTimeout(timer);
          waiters.delete(onEvent);
          resolve(found);
          return true;
        };
        const onEvent = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(onEvent);
          reject(new Error(`No matching event in ${timeoutMs} ms: ${JSON.stringify(received)}`));
        }, timeoutMs);
        if (!check()) waiters.add(onEvent);
      });
    },
    close: () => abort.abort(),
  };
}
