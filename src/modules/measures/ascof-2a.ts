/**
 * ASCOF 2A: the proportion of people who received short-term support to
 * maximise independence (reablement, "ST-Max") during the year, who were not
 * receiving services before, where no further request was made for ongoing
 * support. Computed as DHSC's `Create_ASCOF_2A_2425_Onwards` computes it from
 * CLD: reablement services are clustered into episodes, only new clients'
 * episodes ending in the year count, and each episode's sequel is found in a
 * fixed order of steps.
 */

import {
  type FigureContext,
  type Figures,
  type MeasureDefinition,
  type MeasureFamily,
  num,
  percentage,
} from './definition.ts'
import { measureEventsRelation } from './event-source.ts'
import {
  ASCOF_2A_DENOMINATOR_ONLY_OUTCOMES,
  ASCOF_2A_NUMERATOR_OUTCOMES,
  EPISODE_GAP_DAYS,
  EVENT_OUTCOME_HIERARCHY,
  INVALID_OUTCOME,
  LONG_TERM_SERVICE_TYPES,
  NESTED_ASSESSMENT_DAYS,
  NEW_CLIENT_DAYS,
  OPEN,
  SEQUEL_SERVICE_HIERARCHY,
  SEQUEL_WINDOW_DAYS,
  SHORT_TERM_STAY_COMPONENTS,
  ST_LOW_LEVEL,
  ST_MAX,
  ST_OTHER,
  ST_RESIDENTIAL_OR_NURSING,
  sequelOutcomeRank,
  UNRANKED_OUTCOME,
  UNRANKED_SERVICE,
} from './rules.ts'
import {
  derivedEndSql,
  eventsFrom,
  inScope,
  literal,
  literals,
  PERIOD_END,
  PERIOD_START,
  personAgeSql,
  rankCase,
  type Scope,
} from './sql.ts'

const OUTCOME_RANKS = EVENT_OUTCOME_HIERARCHY.map(
  ([outcome]) => [outcome, sequelOutcomeRank(outcome)] as const,
)

/** The rank of an outcome column, with the +100 penalty for outcomes that conclude nothing. */
const outcomeRankSql = (column: string) => rankCase(column, OUTCOME_RANKS, UNRANKED_OUTCOME)
const outcomeOfRankSql = (column: string) =>
  `CASE ${column} ${OUTCOME_RANKS.map(([outcome, rank]) => `WHEN ${rank} THEN ${literal(outcome)}`).join(' ')} ELSE ${literal(INVALID_OUTCOME)} END`
const serviceRankSql = (column: string) => rankCase(column, SEQUEL_SERVICE_HIERARCHY, UNRANKED_SERVICE)
const shortStaySql = (column: string) =>
  `lower(${column}) IN ${literals(SHORT_TERM_STAY_COMPONENTS.map((c) => c.toLowerCase()))}`

function query(scope: Scope): string {
  const end = derivedEndSql('e', 'p')
  return `
WITH base AS (
  -- Every completed or ongoing event of people with a reablement service that may end in the period.
  SELECT e.id, e.council_id, e.person_id, e.event_type, e.event_start_on AS start_on,
    COALESCE(${end}, DATE '${OPEN}') AS end_on,
    e.service_type, e.service_component AS component,
    COALESCE(e.event_outcome, ${literal(INVALID_OUTCOME)}) AS outcome,
    ${outcomeRankSql('e.event_outcome')} AS outcome_rank
  FROM ${eventsFrom(scope)}
    AND e.client_type = 'Service user'
    AND ((${end}) >= e.event_start_on OR (${end}) IS NULL)
    AND e.event_start_on <= ${PERIOD_END} + ${SEQUEL_WINDOW_DAYS}
    AND e.person_id IN (
      SELECT r.person_id FROM ${measureEventsRelation()} r
      WHERE ${inScope(scope, 'r')} AND r.event_type = 'Service' AND r.service_type = ${literal(ST_MAX)}
        AND r.event_start_on <= ${PERIOD_END} AND (r.event_end_on IS NULL OR r.event_end_on >= ${PERIOD_START}))
),
ordered AS (
  SELECT b.*, max(b.end_on) OVER (PARTITION BY b.person_id ORDER BY b.start_on, b.end_on, b.outcome_rank, b.id DESC
    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_end
  FROM base b WHERE b.event_type = 'Service' AND b.service_type = ${literal(ST_MAX)}
),
numbered AS (
  SELECT o.*, sum(CASE WHEN o.start_on - o.previous_end <= ${EPISODE_GAP_DAYS} THEN 0 ELSE 1 END)
    OVER (PARTITION BY o.person_id ORDER BY o.start_on, o.end_on, o.outcome_rank, o.id DESC ROWS UNBOUNDED PRECEDING) AS episode
  FROM ordered o
),
with_outcome AS (
  -- An episode's own outcome is that of its latest-ending service, the better outcome winning a tie.
  SELECT n.*, first_value(n.outcome) OVER w AS episode_outcome, first_value(n.outcome_rank) OVER w AS episode_outcome_rank
  FROM numbered n
  WINDOW w AS (PARTITION BY n.person_id, n.episode ORDER BY n.end_on DESC, n.outcome_rank ASC, n.id DESC)
),
episodes AS (
  SELECT council_id, person_id, episode, min(start_on) AS episode_start, max(end_on) AS episode_end,
    episode_outcome, episode_outcome_rank
  FROM with_outcome GROUP BY council_id, person_id, episode, episode_outcome, episode_outcome_rank
),
in_period AS (
  SELECT ep.*, p.date_of_death AS died_on,
    CASE WHEN p.date_of_birth IS NULL THEN NULL ELSE ${personAgeSql('p', 'ep.episode_end')} END AS age
  FROM episodes ep JOIN people p ON p.id = ep.person_id
  WHERE ep.episode_end BETWEEN ${PERIOD_START} AND ${PERIOD_END}
    AND (p.date_of_birth IS NULL OR ${personAgeSql('p', 'ep.episode_end')} >= 18)
    AND (p.date_of_death IS NULL OR p.date_of_death >= ep.episode_start)
),
others AS (
  -- The person's other events: everything but the reablement services that make up the episode.
  SELECT ip.person_id, ip.episode, b.id, b.event_type, b.start_on, b.end_on, b.service_type, b.component,
    b.outcome, b.outcome_rank
  FROM in_period ip JOIN base b ON b.person_id = ip.person_id
  WHERE NOT (b.event_type = 'Service' AND b.service_type = ${literal(ST_MAX)}
    AND b.start_on BETWEEN ip.episode_start AND ip.episode_end)
),
new_episodes AS (
  -- A new client had no long-term support open, or ended fewer than ${NEW_CLIENT_DAYS} days, before the episode began.
  SELECT ip.* FROM in_period ip
  WHERE NOT EXISTS (
    SELECT 1 FROM others o
    WHERE o.person_id = ip.person_id AND o.episode = ip.episode
      AND o.service_type IN ${literals(LONG_TERM_SERVICE_TYPES)}
      AND o.start_on < ip.episode_start AND ip.episode_start - o.end_on < ${NEW_CLIENT_DAYS})
),
following AS (
  -- Events that start during the episode or up to ${SEQUEL_WINDOW_DAYS} days after it and run past its end.
  SELECT o.*, dense_rank() OVER (PARTITION BY o.person_id, o.episode ORDER BY o.start_on) AS position
  FROM others o JOIN new_episodes n ON n.person_id = o.person_id AND n.episode = o.episode
  WHERE o.start_on >= n.episode_start AND o.end_on > n.episode_end
    AND o.start_on - n.episode_end <= ${SEQUEL_WINDOW_DAYS}
),
first_reablement AS (
  SELECT person_id, episode, min(position) AS position FROM following
  WHERE event_type = 'Service' AND service_type = ${literal(ST_MAX)} GROUP BY person_id, episode
),
sequel_window AS (
  SELECT f.* FROM following f
  LEFT JOIN first_reablement r ON r.person_id = f.person_id AND r.episode = f.episode
  WHERE r.position IS NULL OR f.position < r.position
),
service_sequels AS (
  SELECT w.person_id, w.episode,
    CASE WHEN w.service_type = ${literal(ST_OTHER)} AND ${shortStaySql('w.component')}
      THEN ${literal(ST_RESIDENTIAL_OR_NURSING)} ELSE w.service_type END AS sequel,
    row_number() OVER (PARTITION BY w.person_id, w.episode
      ORDER BY ${serviceRankSql('w.service_type')}, CASE WHEN ${shortStaySql('w.component')} THEN 1 ELSE 2 END, w.id) AS pick
  FROM sequel_window w WHERE ${serviceRankSql('w.service_type')} <> ${UNRANKED_SERVICE}
),
step_service AS (SELECT person_id, episode, sequel FROM service_sequels WHERE pick = 1),
usable_following AS (
  SELECT w.person_id, w.episode, w.outcome_rank, n.episode_outcome_rank
  FROM sequel_window w JOIN new_episodes n ON n.person_id = w.person_id AND n.episode = w.episode
  WHERE (n.episode_outcome_rank < 100 OR w.outcome_rank < 100)
    AND w.outcome <> 'NFA: Support ended as planned' AND w.event_type <> 'Service'
),
nested AS (
  SELECT o.*, n.episode_end FROM others o JOIN new_episodes n ON n.person_id = o.person_id AND n.episode = o.episode
  WHERE o.start_on >= n.episode_start AND o.end_on > n.episode_start AND o.end_on <= n.episode_end
),
nested_outcomes AS (
  SELECT DISTINCT person_id, episode,
    first_value(outcome_rank) OVER (PARTITION BY person_id, episode ORDER BY end_on DESC, outcome_rank ASC, id DESC) AS outcome_rank
  FROM nested
  WHERE event_type IN ('Assessment', 'Review') AND episode_end - end_on < ${NESTED_ASSESSMENT_DAYS} AND outcome_rank < 100
),
outcome_candidates AS (
  SELECT n.person_id, n.episode, n.episode_outcome_rank AS outcome_rank FROM new_episodes n
  WHERE n.episode_outcome_rank < 100
    AND NOT EXISTS (SELECT 1 FROM sequel_window w WHERE w.person_id = n.person_id AND w.episode = n.episode)
  UNION ALL SELECT person_id, episode, episode_outcome_rank FROM usable_following
  UNION ALL SELECT person_id, episode, outcome_rank FROM usable_following WHERE outcome_rank < 100
  UNION ALL SELECT person_id, episode, outcome_rank FROM nested_outcomes
),
step_outcome AS (SELECT person_id, episode, min(outcome_rank) AS outcome_rank FROM outcome_candidates GROUP BY person_id, episode),
step_equipment AS (
  SELECT DISTINCT person_id, episode FROM nested WHERE event_type = 'Service' AND lower(component) = 'equipment'
),
sequels AS (
  SELECT n.council_id, n.age,
    CASE
      WHEN n.died_on - n.episode_end <= ${SEQUEL_WINDOW_DAYS} THEN 'NFA: Deceased'
      WHEN n.episode_outcome = 'Admitted to hospital' THEN 'Admitted to hospital'
      WHEN s.sequel IS NOT NULL THEN s.sequel
      WHEN o.outcome_rank IS NOT NULL THEN ${outcomeOfRankSql('o.outcome_rank')}
      WHEN q.person_id IS NOT NULL THEN ${literal(ST_LOW_LEVEL)}
      ELSE n.episode_outcome
    END AS sequel
  FROM new_episodes n
  LEFT JOIN step_service s ON s.person_id = n.person_id AND s.episode = n.episode
  LEFT JOIN step_outcome o ON o.person_id = n.person_id AND o.episode = n.episode
  LEFT JOIN step_equipment q ON q.person_id = n.person_id AND q.episode = n.episode
)
SELECT council_id,
  count(*) FILTER (WHERE sequel IN ${NUMERATOR}) AS numerator,
  count(*) FILTER (WHERE sequel IN ${DENOMINATOR}) AS denominator,
  count(*) FILTER (WHERE sequel IN ${NUMERATOR} AND age BETWEEN 18 AND 64) AS numerator_18_to_64,
  count(*) FILTER (WHERE sequel IN ${DENOMINATOR} AND age BETWEEN 18 AND 64) AS denominator_18_to_64,
  count(*) FILTER (WHERE sequel IN ${NUMERATOR} AND age >= 65) AS numerator_65_plus,
  count(*) FILTER (WHERE sequel IN ${DENOMINATOR} AND age >= 65) AS denominator_65_plus,
  count(*) AS episodes
FROM sequels GROUP BY council_id`
}

const NUMERATOR = literals(ASCOF_2A_NUMERATOR_OUTCOMES)
const DENOMINATOR = literals([...ASCOF_2A_NUMERATOR_OUTCOMES, ...ASCOF_2A_DENOMINATOR_ONLY_OUTCOMES])

interface Row {
  council_id: string
  numerator: number
  denominator: number
  numerator_18_to_64: number
  denominator_18_to_64: number
  numerator_65_plus: number
  denominator_65_plus: number
  episodes: number
}

export const ascof2aFamily: MeasureFamily<Row> = {
  key: 'ascof-2a',
  query,
  figures(row: Row | undefined, _context: FigureContext): Record<string, Figures> {
    const n = num(row?.numerator)
    const d = num(row?.denominator)
    const band = (label: string, bn: unknown, bd: unknown) => ({
      label,
      numerator: num(bn),
      denominator: num(bd),
      value: percentage(num(bn), num(bd)),
    })
    return {
      'ASCOF-2A': {
        numerator: n,
        denominator: d,
        value: percentage(n, d),
        note: `${num(row?.episodes)} reablement episodes of new clients ended in the period; those ending in death, hospital, NHS care, self-funding, declined support or an outcome that could not be classified are left out.`,
        breakdown: [
          band('Aged 18 to 64', row?.numerator_18_to_64, row?.denominator_18_to_64),
          band('Aged 65 and over', row?.numerator_65_plus, row?.denominator_65_plus),
        ],
      },
    }
  },
}

export const ascof2a: MeasureDefinition = {
  code: 'ASCOF-2A',
  title: 'Short-term support: no further request for ongoing support',
  unit: 'percent',
  kind: 'ASCOF',
  family: 'ascof-2a',
  summary:
    'Of the new clients whose reablement (short-term support to maximise independence) ended in the period, the share who did not go on to long-term support.',
  numeratorText:
    'Reablement episodes of new clients followed by no further support, low-level or other short-term support, or no further action',
  denominatorText:
    'The same episodes, plus those followed by long-term support or a short stay in a care home',
  definition: [
    'Reablement (ST-Max) services for the same person that overlap or are no more than 7 days apart are one episode. An episode counts in the period it ends.',
    'Only new clients count: people with no long-term support open, or ended fewer than 91 days, before the episode began. People under 18 when it ended, and people who had died before it began, are left out.',
    'The episode’s sequel is found in this order: death within 7 days of the end; an episode outcome of admission to hospital; otherwise the highest service starting within 7 days of the end (long-term nursing, residential, community, prison, then short-term services, a short stay in a care home counting above other short-term support); otherwise the best concluding outcome of the episode, of requests, assessments and reviews in those 7 days, or of an assessment or review ending in the last 14 days of the episode; otherwise equipment provided during the episode counts as ongoing low-level support; otherwise the episode’s own outcome.',
    'The numerator counts sequels of ongoing low-level or other short-term support and no further action (information and advice, support ended, moved to another council, referred within the council, no services offered, other). The denominator adds long-term support and short stays in residential or nursing care. Deaths, hospital admissions, NHS care, self-funding, declined support and outcomes that could not be classified count in neither.',
    'Age is worked out from the first day of the birth month, as the national data does.',
  ],
  source:
    'DHSC, ASC-CLD-LA-Dashboard: ASCOF_measures/Create_ASCOF_2A_2425_Onwards.sql (ASCOF 2024-25 onwards, from Client Level Data)',
}
