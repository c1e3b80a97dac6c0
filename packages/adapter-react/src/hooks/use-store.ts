// The glue every hook shares: hold a shared resource while mounted, read a store's snapshot.
import type { ExternalStore } from "@onair/client";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import type { SharedResources } from "../provider/shared-resources.js";

/** The resource for `key` while the component is mounted (null before the first commit). */
export function useRetained<T>(resources: SharedResources<T>, key: string): T | null {
  const [held, setHeld] = useState<{ readonly key: string; readonly resource: T } | null>(null);
  useEffect(() => {
    const retained = resources.retain(key);
    setHeld({ key, resource: retained.resource });
    return retained.release;
  }, [resources, key]);
  return held !== null && held.key === key ? held.resource : null;
}

const noSubscription = () => () => undefined;

/** The store's current snapshot, or `fallback` while there is no store yet. */
export function useSnapshot<T>(store: ExternalStore<T> | null, fallback: T): T {
  const subscribe = useCallback(
    (listener: () => void) => (store ? store.subscribe(listener) : noSubscription()),
    [store],
  );
  const read = () => (store ? store.getSnapshot() : fallback);
  return useSyncExternalStore(subscribe, read, read);
}
