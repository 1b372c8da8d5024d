/**
 * Disclosure control for benchmark packs: the rule that lets aggregates of
 * people's records leave the council.
 *
 * - Primary suppression: a count under 5 is never published.
 * - Rounding: every other count is published rounded to the nearest 5, so
 *   small differences between published counts are blurred as well.
 * - Secondary suppression (1): counts are tied together by relations (a measure's
 *   denominator is its numerator plus everyone else; one measure's numerator
 *   is part of another's). Wherever a relation has exactly one unknown part
 *   and that part is small (a suppressed count, or an unpublished remainder
 *   such as "everyone else" under 5), it could be recovered by taking the
 *   other parts from the total; and where its unknown parts add up to under 5,
 *   each of them is known to be small. So another part of that relation is
 *   suppressed too (the first in a fixed order: a choice by size would itself
 *   say something), and the check runs again until no relation gives a small
 *   count away.
 * - Secondary suppression (2): every count inside a suppressed count is
 *   suppressed as well. Otherwise a published part would prove the suppressed
 *   total is 5 or more, and so that it was suppressed only to hide a small
 *   neighbour — which would give that neighbour away.
 *
 * Pure: no I/O. The pack builder (pack-builder.ts) says which figures are
 * counts and how they relate; this file decides what is published.
 */

/** Counts below this are suppressed. */
export const SUPPRESS_BELOW = 5
/** Other counts are published rounded to the nearest multiple of this. */
export const ROUND_TO = 5

/**
 * A count to protect. A hidden cell is never published but is a count of
 * people all the same (the remainder of a total after its parts): if it is
 * small it must not be recoverable either.
 */
export interface Cell {
  id: string
  /** The true count; null when it is not known (nothing to publish, nothing to protect). */
  value: number | null
  hidden?: boolean
}

/** `total` is the sum of `parts`: the relations an attacker could difference. */
export interface Relation {
  total: string
  parts: readonly string[]
}

export type Suppression = 'primary' | 'secondary'

export interface ControlledCell {
  id: string
  /** What the pack shows: rounded to the nearest 5, or null when suppressed, hidden or unknown. */
  published: number | null
  suppressed: Suppression | null
}

/**
 * A count rounded to the nearest 5 (ties cannot arise for whole numbers).
 *
 * @example
 * roundToFive(12) // 10
 * roundToFive(13) // 15
 */
export function roundToFive(count: number): number {
  return Math.round(count / ROUND_TO) * ROUND_TO
}

/**
 * Whether a count may be published at all.
 *
 * @example
 * isSmall(4) // true
 * isSmall(5) // false
 */
export const isSmall = (count: number): boolean => count < SUPPRESS_BELOW

/**
 * Applies primary suppression, secondary suppression over the relations and
 * rounding to a set of counts. Deterministic: the second cell suppressed in
 * a relation is its first publishable part in the order given (the total only
 * when no part can be).
 *
 * @example
 * const out = controlCounts(
 *   [{ id: 'n', value: 48 }, { id: 'd', value: 50 }, { id: 'rest', value: 2, hidden: true }],
 *   [{ total: 'd', parts: ['n', 'rest'] }],
 * )
 * out.get('n') // { id: 'n', published: null, suppressed: 'secondary' } — else 50 − 48 = 2 would show
 * out.get('d') // { id: 'd', published: 50, suppressed: null }
 */
export function controlCounts(
  cells: readonly Cell[],
  relations: readonly Relation[],
): Map<string, ControlledCell> {
  const byId = new Map(cells.map((cell) => [cell.id, cell]))
  for (const relation of relations) {
    for (const id of [relation.total, ...relation.parts]) {
      if (!byId.has(id)) throw new Error(`Relation names an unknown cell: ${id}`)
    }
  }
  const suppressed = new Map<string, Suppression>()
  for (const cell of cells) {
    if (!cell.hidden && cell.value !== null && isSmall(cell.value)) suppressed.set(cell.id, 'primary')
  }
  const unknown = (id: string) => {
    const cell = byId.get(id) as Cell
    return cell.hidden === true || cell.value === null || suppressed.has(id)
  }
  // A member whose exact value must not be learnt: a suppressed count, or a small unpublished remainder.
  const sensitive = (id: string) => {
    const cell = byId.get(id) as Cell
    return suppressed.has(id) || (cell.hidden === true && cell.value !== null && isSmall(cell.value))
  }
  const publishable = (id: string) => !unknown(id)
  const countOf = (id: string) => byId.get(id)?.value ?? 0
  /**
   * Whether differencing a relation with a published total would give away a
   * member: its one unknown part, or that its unknown parts together are
   * under 5 (and so each of them is) when one of them is not small itself.
   */
  const needsAnotherUnknown = (relation: Relation) => {
    if (unknown(relation.total)) return false
    const unknownParts = relation.parts.filter(unknown)
    if (!unknownParts.some(sensitive)) return false
    if (unknownParts.length === 1) return true
    const together = unknownParts.reduce((sum, id) => sum + countOf(id), 0)
    return isSmall(together) && unknownParts.some((id) => suppressed.get(id) !== 'primary')
  }

  let changed = true
  while (changed) {
    changed = false
    for (const relation of relations) {
      // A count inside a suppressed count goes too: a published part would show
      // the total is 5 or more, and so that it was suppressed to protect a neighbour.
      if (suppressed.has(relation.total)) {
        for (const part of relation.parts.filter(publishable)) {
          suppressed.set(part, 'secondary')
          changed = true
        }
        continue
      }
      if (!needsAnotherUnknown(relation)) continue
      const candidates = relation.parts.filter(publishable)
      // The first in the relation's order, never the smallest: a choice by size
      // would tell the attacker that the one chosen is smaller than the rest.
      const pick = candidates[0] ?? relation.total
      if (!publishable(pick)) continue
      suppressed.set(pick, 'secondary')
      changed = true
    }
  }

  const out = new Map<string, ControlledCell>()
  for (const cell of cells) {
    const kind = suppressed.get(cell.id) ?? null
    const published = cell.hidden || cell.value === null || kind ? null : roundToFive(cell.value)
    out.set(cell.id, { id: cell.id, published, suppressed: kind })
  }
  return out
}
