import type { Config } from '../config.ts'
import type { Database } from '../kernel/db/connect.ts'

/** What the app is built from; handed in, never reached for. */
export interface AppServices {
  database: Database
  config: Config
  /** The clock, so tests can fix today. */
  now: () => Date
  /** Sign-in attempts allowed per address and email in the window. */
  loginRateLimit?: { max: number; timeWindowMs: number }
  /**
   * Councils of more people than this have figures not yet worked out for
   * their data worked out in the background, their pages saying so (default:
   * those worked out in slices; tests set 0).
   */
  measuresInBackgroundOver?: number
  /**
   * How long a CLD return's page waits for its check before saying it is
   * under way (default 2 s; tests set 0 to see that page).
   */
  returnCheckWaitMs?: number
  /** Where the log goes instead of standard output (tests). */
  logStream?: { write(line: string): void }
}
