// The accounts of the many-accounts benchmark, shared by its emulator process and the runs that read them.

/** 300000000001, 300000000002…: the benchmark's member accounts (1-based). */
export function benchAccountId(index: number): string {
  return String(300_000_000_000 + index)
}
