import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { MIGRATIONS_DIR } from '../../src/kernel/db/migrate.ts'
import { recordEvent } from '../../src/modules/events/store.ts'
import { insertPerson } from '../support/fixtures.ts'
import { draftPlan, homeCare } from '../support/plan-fixtures.ts'
import { describeOnEachDatabase } from '../support/test-context.ts'

/*
 * Migration 0028 gives ASCEND's own services and reviews recorded before it
 * what a CLD return must have, as the recording now gives them: records
 * made today, with those fields emptied, are what it finds.
 */

const MIGRATION = fs.readFileSync(path.join(MIGRATIONS_DIR, '0028_own_events_for_cld.sql'), 'utf8')

describeOnEachDatabase('migration 0028: funding status and open outcomes of earlier records', (ctx) => {
  const db = () => ctx().database.db
  const eventsOf = (personId: string) =>
    db()
      .selectFrom('cld_events')
      .select(['event_type', 'source', 'client_funding_status', 'event_outcome'])
      .where('person_id', '=', personId)
      .where('event_type', 'in', ['Service', 'Review'])
      .orderBy('event_type')
      .orderBy('event_start_on')
      .execute()

  it('fills what the recording now records, from plans, reablement and the services in effect at a review', async () => {
    // A plan the person pays part of, approved within the practitioner's delegation (in effect today).
    const { person, plan } = await draftPlan(ctx(), [
      homeCare(7),
      homeCare(1, 2400, { fundingSource: 'person_contribution' }),
    ])
    const api = await ctx().api('practitioner')
    expect((await api.post(`/api/v1/plans/${plan.id}/funding-requests`, {})).json().status).toBe('approved')
    const base = { council_id: ctx().councils.a.id, person_id: person.id }
    // A review after the plan came into effect; reablement; and what came in a file, which stays as it came.
    await recordEvent(db(), {
      ...base,
      client_type: 'Service user',
      event_type: 'Review',
      event_start_on: ctx().today,
      event_end_on: ctx().today,
      event_outcome: 'Continuation of support or services',
    })
    await recordEvent(db(), {
      ...base,
      client_type: 'Service user',
      event_type: 'Service',
      event_start_on: '2026-01-01',
      service_type: 'Short term support: ST-Max',
    })
    await recordEvent(db(), {
      ...base,
      client_type: 'Service user',
      event_type: 'Service',
      event_start_on: '2026-02-01',
      service_type: 'Long term support: Community',
      source: 'import',
    })
    // Not synthetic, so that only the plan can say who pays.
    await db().updateTable('people').set({ synthetic: false }).where('id', '=', person.id).execute()
    await db()
      .updateTable('cld_events')
      .set({ client_funding_status: null })
      .where('person_id', '=', person.id)
      .execute()
    await db()
      .updateTable('cld_events')
      .set({ event_outcome: null })
      .where('person_id', '=', person.id)
      .where('event_type', '=', 'Service')
      .execute()

    await ctx().database.executeScript(MIGRATION)
    const joint = 'Joint client and social care funded'
    const open = 'Continuation of support or services'
    expect(await eventsOf(person.id)).toEqual([
      { event_type: 'Review', source: 'ascend', client_funding_status: joint, event_outcome: open },
      {
        event_type: 'Service',
        source: 'ascend',
        client_funding_status: 'Fully social care funded',
        event_outcome: open,
      },
      { event_type: 'Service', source: 'import', client_funding_status: null, event_outcome: null },
      { event_type: 'Service', source: 'ascend', client_funding_status: joint, event_outcome: open },
      { event_type: 'Service', source: 'ascend', client_funding_status: joint, event_outcome: open },
    ])

    // Run again, it changes nothing.
    await ctx().database.executeScript(MIGRATION)
    expect((await eventsOf(person.id)).map((e) => e.client_funding_status)).toEqual([
      joint,
      'Fully social care funded',
      null,
      joint,
      joint,
    ])
  })

  it('gives a synthetic person’s services and reviews the council’s funding, as the synthetic councils are written', async () => {
    const person = await insertPerson(ctx().database, ctx().councils.a.id)
    const base = { council_id: ctx().councils.a.id, person_id: person.id, client_type: 'Service user' }
    await recordEvent(db(), {
      ...base,
      event_type: 'Service',
      event_start_on: '2025-01-01',
      event_end_on: '2025-03-01',
      event_outcome: 'NFA: Support ended as planned',
      service_type: 'Long term support: Community',
    })
    await recordEvent(db(), {
      ...base,
      event_type: 'Review',
      event_start_on: '2025-06-01',
      event_end_on: '2025-06-01',
    })
    await recordEvent(db(), {
      ...base,
      client_type: 'Unpaid carer',
      event_type: 'Service',
      event_start_on: '2025-02-01',
      service_type: 'Unpaid carer support: Direct to unpaid carer',
    })
    await ctx().database.executeScript(MIGRATION)
    expect(await eventsOf(person.id)).toEqual([
      {
        event_type: 'Review',
        source: 'ascend',
        client_funding_status: 'Fully social care funded',
        event_outcome: null,
      },
      {
        event_type: 'Service',
        source: 'ascend',
        client_funding_status: 'Fully social care funded',
        event_outcome: 'NFA: Support ended as planned',
      },
      // A carer's status is not asked for; an open service continues.
      {
        event_type: 'Service',
        source: 'ascend',
        client_funding_status: null,
        event_outcome: 'Continuation of support or services',
      },
    ])
  })
})
