// Caps on open Server-Sent Events streams: per caller (a person, or an address for anonymous
// viewers, who each count as one audience member) and for the whole router. A stream is counted
// from its admission, before its first byte, until its response closes.

export type StreamAdmission =
  /** Call once the stream's response has closed (later calls do nothing). */
  | { readonly admitted: true; readonly release: () => void }
  | { readonly admitted: false; readonly reason: "caller" | "total" };

export interface StreamQuota {
  /** Counts one more stream of `key` unless `key` has `perKey` open or the router is full. */
  admit(key: string, perKey: number): StreamAdmission;
  /** Streams counted now. */
  readonly open: number;
  /** Keys with at least one stream. */
  readonly keys: number;
}

export function createStreamQuota(maxStreams: number): StreamQuota {
  const perKeyCounts = new Map<string, number>();
  let open = 0;

  return {
    admit(key, perKey) {
      // A caller over their own cap is told so, even when the router is full too.
      const count = perKeyCounts.get(key) ?? 0;
      if (count >= perKey) return { admitted: false, reason: "caller" };
      if (open >= maxStreams) return { admitted: false, reason: "total" };
      perKeyCounts.set(key, count + 1);
      open++;
      let released = false;
      return {
        admitted: true,
        release() {
          if (released) return;
          released = true;
          open--;
          const left = (perKeyCounts.get(key) ?? 1) - 1;
          if (left > 0) perKeyCounts.set(key, left);
          else perKeyCounts.delete(key);
        },
      };
    },
    get open() {
      return open;
    },
    get keys() {
      return perKeyCounts.size;
    },
  };
}
