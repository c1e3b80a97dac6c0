// One control room and one audience follower per session, shared by every hook of a provider.
// Hooks retain a resource while mounted; the last release disposes it after the current turn, so
// React StrictMode's immediate unmount/remount reuses the same room (never a second publisher).

export interface SharedResources<T> {
  /** The resource for this key, created on first use; the release disposes it once unused. */
  retain(key: string): { readonly resource: T; release(): void };
}

export function createSharedResources<T>(
  create: (key: string) => T,
  dispose: (resource: T) => void,
  later: (run: () => void) => void = (run) => setTimeout(run, 0),
): SharedResources<T> {
  const entries = new Map<string, { resource: T; holders: number }>();
  return {
    retain(key) {
      let entry = entries.get(key);
      if (entry === undefined) {
        entry = { resource: create(key), holders: 0 };
        entries.set(key, entry);
      }
      const held = entry;
      held.holders += 1;
      let released = false;
      return {
        resource: held.resource,
        release() {
          if (released) return;
          released = true;
          held.holders -= 1;
          later(() => {
            if (held.holders > 0 || entries.get(key) !== held) return;
            entries.delete(key);
            dispose(held.resource);
          });
        },
      };
    },
  };
}
