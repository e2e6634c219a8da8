/** The plan reader's default limits, apart from the reader (the CLI's option table reads them without loading it). */

export interface ReaderLimits {
  /** Largest plan, in bytes (default 512 KiB). */
  maxBytes: number;
  /** Longest a plan may take to read, in ms (default 30,000: the largest example reads in under 0.5 s on an idle machine, and CI machines are not idle). */
  timeoutMs: number;
  /** Heap of each reading worker, in MiB (default 256, at least MIN_READER_HEAP_MB). */
  maxHeapMb: number;
}

export const DEFAULT_READER_LIMITS: ReaderLimits = {
  maxBytes: 512 * 1024,
  timeoutMs: 30_000,
  maxHeapMb: 256,
};

/** Below this heap a worker cannot even load the reader (it dies before its first plan). */
export const MIN_READER_HEAP_MB = 32;
