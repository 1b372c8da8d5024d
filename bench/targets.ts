/**
 * ASCEND's speed targets, checked and printed by `ascend bench`, never
 * asserted in tests (a timed test fails on a busy machine, not a slow change).
 */
export const TARGETS = {
  /** A page's 95th-percentile latency at 32 concurrent clients. */
  pageP95Ms: 50,
  /** A page's requests per second as a share of a bare Fastify route running the same SQL. */
  pageToBareThroughput: 0.5,
  /** From `npm start` to the first page, on an existing data folder. */
  startMs: 3_000,
  /** Seeding a large synthetic council into a new database. */
  largeSeedMs: 60_000,
} as const

/** How many clients load a page at once. */
export const CONCURRENT_CLIENTS = 32
