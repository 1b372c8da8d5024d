/**
 * Where the measures read CLD events from: the live events (ASCEND's own, and
 * those of complete imports not superseded by a later complete file), never
 * an unfinished import. Every measure's SQL names this one relation.
 *
 * @example
 * `SELECT count(*) FROM ${measureEventsRelation()} e WHERE e.council_id = $1` // cld_events_live
 */
export function measureEventsRelation(): string {
  return 'cld_events_live'
}
