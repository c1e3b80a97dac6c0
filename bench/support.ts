// Shared measuring and printing for the benchmarks: operations per second and ratios against a
// baseline measured in the same process.
import { performance } from "node:perf_hooks";

export interface Figure {
  readonly name: string;
  readonly ops: number;
  readonly seconds: number;
  /** Operations per second. */
  readonly rate: number;
  /** Units per operation, e.g. commands per iteration. */
  readonly unitsPerOp: number;
}

export async function measure(
  name: string,
  ops: number,
  run: (i: number) => Promise<void> | void,
  unitsPerOp = 1,
): Promise<Figure> {
  // Warm up on a tenth more work (indices after `ops`, so that nothing measured was done before)
  // so that the JIT has settled before the clock starts.
  for (let i = ops; i < ops + warmupOf(ops); i++) await run(i);
  const start = performance.now();
  for (let i = 0; i < ops; i++) await run(i);
  const seconds = (performance.now() - start) / 1000;
  return { name, ops, seconds, rate: (ops * unitsPerOp) / seconds, unitsPerOp };
}

/** How many extra iterations `measure` runs first: callers prepare `ops + warmupOf(ops)` inputs. */
export function warmupOf(ops: number): number {
  return Math.max(1, Math.floor(ops / 10));
}

export function printTable(
  figures: readonly Figure[],
  baseline: Figure,
  unit = "commands/s",
): void {
  const rows = figures.map((f) => ({
    measure: f.name,
    [unit]: Math.round(f.rate).toLocaleString("en-US"),
    "× baseline": (f.rate / baseline.rate).toFixed(2),
  }));
  console.table(rows);
  console.log(`baseline: ${baseline.name}`);
}
