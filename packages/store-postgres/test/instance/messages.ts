// The messages between a test and a live service instance running in a child process.
import type { LiveProvider } from "@onair/core";

export type ServiceMethod =
  | "startLive"
  | "stopLive"
  | "reconcile"
  | "tickAll"
  | "getSession"
  | "history";
export type ProviderMethod = keyof LiveProvider;

/** An error as it crosses the process boundary: enough to rebuild a LiveError. */
export interface WireError {
  readonly code: string | null;
  readonly message: string;
  readonly retriable: boolean;
}

export type ToInstance =
  | {
      readonly kind: "call";
      readonly id: number;
      readonly method: ServiceMethod;
      readonly args: unknown[];
    }
  | { readonly kind: "subscribe"; readonly sessionId: string }
  | {
      readonly kind: "provider-result";
      readonly id: number;
      readonly value?: unknown;
      readonly error?: WireError;
    }
  | { readonly kind: "close" };

export type FromInstance =
  | { readonly kind: "ready" }
  | {
      readonly kind: "result";
      readonly id: number;
      readonly value?: unknown;
      readonly error?: WireError;
    }
  | { readonly kind: "subscribed"; readonly sessionId: string }
  | { readonly kind: "view"; readonly sessionId: string; readonly view: unknown }
  | {
      readonly kind: "provider";
      readonly id: number;
      readonly method: ProviderMethod;
      readonly args: unknown[];
    };

export function toWireError(error: unknown): WireError {
  const code =
    typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
      ? error.code
      : null;
  const retriable =
    typeof error === "object" && error !== null && "retriable" in error && error.retriable === true;
  return { code, message: error instanceof Error ? error.message : String(error), retriable };
}
