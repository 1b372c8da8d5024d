import { expect, it } from 'vitest'
import { insertPerson } from '../support/fixtures.ts'
import { draftPlan, homeCare } from '../support/plan-fixtures.ts'
import { describeOnEachDatabase } from '../support/test-context.ts'

/*
 * The way from a person's record and a completed assessment to the plan
 * builder, the person's plan and personal budget on their record, and the
 * timeline's links to the plan, reablement and review pages.
 */
describeOnEachDatabase('support plans from the person’s record and the assessment', (ctx) => {
  it('links the record and an eligible assessment to the plan builder, and shows the plan in effect', async () => {
    const { person, assessmentId, plan } = await draftPlan(ctx(), [homeCare(7)])
    const page = await ctx().browser('practitioner')

    const before = await page.get(`/people/${person.id}`)
    expect(before.statusCode).toBe(200)
    expect(before.body).toContain(`href="/people/${person.id}/plans/new"`)
    expect(before.body).toContain('Build a support plan')
    expect(before.body).toContain('No support plan is in effect')

    const assessment = await page.get(`/assessments/${assessmentId}`)
    expect(assessment.body).toContain(`href="/people/${person.id}/plans/new?assessmentId=${assessmentId}"`)
    const builder = await page.get(`/people/${person.id}/plans/new?assessmentId=${assessmentId}`)
    expect(builder.statusCode).toBe(200)

    const api = await ctx().api('practitioner')
    const submitted = await api.post(`/api/v1/plans/${plan.id}/funding-requests`, {})
    expect(submitted.json()).toMatchObject({ status: 'approved' })
    const reablement = await api.post(`/api/v1/people/${person.id}/reablement`, {
      startedOn: '2026-06-01',
      afterHospitalDischarge: false,
    })
    expect(reablement.statusCode, reablement.body).toBe(201)
    const review = await api.post(`/api/v1/people/${person.id}/reviews`, {
      reviewReason: 'Planned',
      startedOn: '2026-06-10',
      completedOn: '2026-06-12',
      outcomesAchieved: 'Fully Met',
      methodOfReview: 'Service user only',
      eventOutcome: 'Continuation of support or services',
    })
    expect(review.statusCode, review.body).toBe(201)

    const after = await page.get(`/people/${person.id}`)
    expect(after.body).toContain('Support plan in effect')
    expect(after.body).toContain(`href="/plans/${plan.id}"`)
    expect(after.body).toContain('£168.00 a week')
    expect(after.body).toContain(`href="/plans/${plan.id}/statement"`)
    expect(after.body).toContain(`href="/reablement/${reablement.json().id}"`)
    expect(after.body).toContain(`href="/reviews/${review.json().id}"`)
    const { timeline } = (await api.get(`/api/v1/people/${person.id}`)).json() as {
      timeline: { eventType: string; href: string | null }[]
    }
    expect(
      timeline
        .filter((e) => e.eventType === 'Service')
        .map((e) => e.href)
        .sort(),
    ).toEqual([`/plans/${plan.id}`, `/reablement/${reablement.json().id}`].sort())
  })

  it('offers no plan builder on an assessment that found no eligible needs', async () => {
    const person = await insertPerson(ctx().database, ctx().councils.a.id)
    const api = await ctx().api('practitioner')
    const recorded = await api.post(`/api/v1/people/${person.id}/assessments`, {
      kind: 'needs',
      format: 'light',
      impairmentOrIllness: false,
      wellbeingSignificantlyAffected: false,
      outcomes: {},
    })
    expect(recorded.statusCode, recorded.body).toBe(201)
    const { id } = recorded.json() as { id: string }
    await api.post(`/api/v1/assessments/${id}/decision`, { confirm: true })
    const page = await (await ctx().browser('practitioner')).get(`/assessments/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('Build a support plan')
  })
})
