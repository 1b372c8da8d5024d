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
  share,
  shareInBand,
} from './definition.ts'
import { measureEventsRelation } from './event-source.ts'
import { addedUp } from './person-slices.ts'
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
  ST_RESIDENTIAL_OR_NURSING,
  sequelOutcomeRank,
  UNRANKED_OUTCOME,
  UNRANKED_SERVICE,
} from './rules.ts'
import {
  derivedEndSql,
  eventsFrom,
  inScope,
  inSlice,
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
/** The sequel a winning service order (rank × 10, plus 0 for a short residential or nursing stay) stands for. */
const serviceSequelSql = (column: string) =>
  `CASE ${column} WHEN 70 THEN ${literal(ST_RESIDENTIAL_OR_NURSING)} ${SEQUEL_SERVICE_HIERARCHY.map(
    ([type, rank]) => `WHEN ${rank * 10} THEN ${literal(type)} WHEN ${rank * 10 + 1} THEN ${literal(type)}`,
  ).join(' ')} END`
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
      WHERE ${inScope(scope, 'r')}${inSlice(scope, 'r.person_id')} AND r.event_type = 'Service' AND r.service_type = ${literal(ST_MAX)}
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
  FROM episodes ep JOIN people p ON p.id = ep.person_id${inSlice(scope, 'p.id')}
  WHERE ep.episode_end BETWEEN ${PERIOD_START} AND ${PERIOD_END}
    AND (p.date_of_birth IS NULL OR ${personAgeSql('p', 'ep.episode_end')} >= 18)
    AND (p.date_of_death IS NULL OR p.date_of_death >= ep.episode_start)
),
paired AS (
  -- Each episode beside each of the person's events, marking the reablement services that make up the episode.
  -- (The join is on the person alone: DuckDB nests loops for an outer join on anything more.)
  SELECT ip.council_id, ip.person_id, ip.episode, ip.episode_start, ip.episode_end, ip.episode_outcome,
    ip.episode_outcome_rank, ip.died_on, ip.age,
    b.id, b.event_type, b.start_on, b.end_on, b.service_type, b.component, b.outcome, b.outcome_rank,
    CASE WHEN b.event_type = 'Service' AND b.service_type = ${literal(ST_MAX)}
      AND b.start_on BETWEEN ip.episode_start AND ip.episode_end THEN 1 ELSE 0 END AS own
  FROM in_period ip
  LEFT JOIN base b ON b.person_id = ip.person_id
),
paired_others AS (
  -- The episode's own services become rows with no event, like the one an episode with no other events has:
  -- such rows count for nothing below, however many there are.
  SELECT council_id, person_id, episode, episode_start, episode_end, episode_outcome, episode_outcome_rank, died_on, age,
    ${['id', 'event_type', 'start_on', 'end_on', 'service_type', 'component', 'outcome', 'outcome_rank']
      .map((column) => `CASE WHEN own = 0 THEN ${column} END AS ${column}`)
      .join(', ')}
  FROM paired
),
others AS (
  -- Each episode beside each of the person's other events (everything but the reablement services that
  -- make up the episode), and what each event can say.
  SELECT x.*,
    -- Long-term support that makes the person an existing client.
    CASE WHEN x.service_type IN ${literals(LONG_TERM_SERVICE_TYPES)} AND x.start_on < x.episode_start
      AND x.episode_start - x.end_on < ${NEW_CLIENT_DAYS} THEN 1 ELSE 0 END AS existing,
    -- Starts during the episode or up to ${SEQUEL_WINDOW_DAYS} days after, and runs past its end.
    CASE WHEN x.start_on >= x.episode_start AND x.end_on > x.episode_end
      AND x.start_on - x.episode_end <= ${SEQUEL_WINDOW_DAYS} THEN 1 ELSE 0 END AS following,
    -- Starts and ends within the episode.
    CASE WHEN x.start_on >= x.episode_start AND x.end_on > x.episode_start AND x.end_on <= x.episode_end
      THEN 1 ELSE 0 END AS nested
  FROM paired_others x
),
marked AS (
  SELECT o.*,
    -- A later reablement service in the window ends the window at its start (the national script's guard).
    min(CASE WHEN o.following = 1 AND o.event_type = 'Service' AND o.service_type = ${literal(ST_MAX)} THEN o.start_on END)
      OVER (PARTITION BY o.person_id, o.episode) AS next_reablement,
    ${serviceRankSql('o.service_type')} * 10 + CASE WHEN ${shortStaySql('o.component')} THEN 0 ELSE 1 END AS service_order,
    CASE WHEN o.nested = 1 AND o.event_type IN ('Assessment', 'Review')
      AND o.episode_end - o.end_on < ${NESTED_ASSESSMENT_DAYS} AND o.outcome_rank < 100 THEN 1 ELSE 0 END AS closing_check
  FROM others o
),
windowed AS (
  SELECT m.*,
    CASE WHEN m.following = 1 AND (m.next_reablement IS NULL OR m.start_on < m.next_reablement) THEN 1 ELSE 0 END AS in_window
  FROM marked m
),
per_episode AS (
  SELECT council_id, person_id, episode, episode_end, episode_outcome, episode_outcome_rank, died_on, age,
    max(existing) AS existing,
    max(in_window) AS has_window,
    min(CASE WHEN in_window = 1 AND service_order < ${UNRANKED_SERVICE * 10} THEN service_order END) AS best_service,
    min(CASE WHEN in_window = 1 AND event_type <> 'Service' AND outcome <> 'NFA: Support ended as planned'
      AND (episode_outcome_rank < 100 OR outcome_rank < 100)
      THEN CASE WHEN outcome_rank < episode_outcome_rank THEN outcome_rank ELSE episode_outcome_rank END END) AS following_rank,
    -- Of the assessments and reviews closing the episode, the outcome of the one ending last (the better
    -- outcome on a tie): the least of days-before-the-end-of-time × 1000 + rank, whose last three digits are the rank.
    min(CASE WHEN closing_check = 1 THEN CAST(DATE '${LAST_DAY}' - end_on AS bigint) * 1000 + outcome_rank END) % 1000
      AS closing_rank,
    max(CASE WHEN nested = 1 AND event_type = 'Service' AND lower(component) = 'equipment' THEN 1 ELSE 0 END) AS equipment
  FROM windowed
  GROUP BY council_id, person_id, episode, episode_end, episode_outcome, episode_outcome_rank, died_on, age
),
sequels AS (
  -- The steps in the national order: death, hospital, a following service, a concluding outcome, equipment, else the episode's own outcome.
  SELECT council_id, age,
    CASE
      WHEN died_on - episode_end <= ${SEQUEL_WINDOW_DAYS} THEN 'NFA: Deceased'
      WHEN episode_outcome = 'Admitted to hospital' THEN 'Admitted to hospital'
      WHEN best_service IS NOT NULL THEN ${serviceSequelSql('best_service')}
      WHEN concluding_rank IS NOT NULL THEN ${outcomeOfRankSql('concluding_rank')}
      WHEN equipment = 1 THEN ${literal(ST_LOW_LEVEL)}
      ELSE episode_outcome
    END AS sequel
  FROM (
    SELECT e.*,
      -- The best of: the episode's own outcome when nothing followed it, outcomes that followed it
      -- (with the episode's own), and the outcome of an assessment or review closing it.
      NULLIF(least(
        COALESCE(CASE WHEN has_window = 0 AND episode_outcome_rank < 100 THEN episode_outcome_rank END, ${UNRANKED_OUTCOME}),
        COALESCE(following_rank, ${UNRANKED_OUTCOME}),
        COALESCE(closing_rank, ${UNRANKED_OUTCOME})
      ), ${UNRANKED_OUTCOME}) AS concluding_rank
    FROM per_episode e WHERE existing = 0
  ) ranked
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

/** A day after every end date (an open event ends on 9999-01-01), to order ends latest first. */
const LAST_DAY = '9999-12-31'

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
  bySlices: addedUp,
  // PostgreSQL expects one row of episodes where there are thousands, and pairs each episode with its
  // person's events by scanning all of them (a nested loop): on a council's million CLD events with
  // 50,000 reablement episodes, over a minute; a slice of 10,000 people took 4.4 s, and 0.35 s with this.
  oneCouncilSettings: { enable_nestloop: 'off' },
  query,
  figures(row: Row | undefined, _context: FigureContext): Record<string, Figures> {
    return {
      'ASCOF-2A': {
        ...share(row?.numerator, row?.denominator),
        note: `${num(row?.episodes)} reablement episodes of new clients ended in the period; those ending in death, hospital, NHS care, self-funding, declined support or an outcome that could not be classified are left out.`,
        breakdown: [
          shareInBand('Aged 18 to 64', row?.numerator_18_to_64, row?.denominator_18_to_64),
          shareInBand('Aged 65 and over', row?.numerator_65_plus, row?.denominator_65_plus),
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
