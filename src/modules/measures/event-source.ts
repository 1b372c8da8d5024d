/**
 * Where the measures read CLD events from. Every measure's SQL names this one
 * relation, so when CLD imports keep unfinished or superseded files out of a
 * view of live events, pointing the measures at it is a one-line change here.
 *
 * @example
 * `SELECT count(*) FROM ${measureEventsRelation()} e WHERE e.council_id = $1`
 */
export function measureEventsRelation(): string {
  return 'cld_events'
}
