import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, isoDay } from '../../src/kernel/dates.ts'
import { demoEmail } from '../../src/modules/synthetic/demo-council.ts'
import { PersonFormPage, PersonPage } from './pages/people-pages.ts'
import { ReablementListPage, ReablementPage, StartReablementPage } from './pages/reablement-pages.ts'
import { NewRequestPage, RequestPage } from './pages/request-pages.ts'
import { OverdueReviewsPage, RecordReviewPage } from './pages/review-pages.ts'
import { expectAccessible, screenshot } from './support/browser.ts'
import { signedInPage, useJourney } from './support/journey.ts'

const today = isoDay(new Date())
const day = (offset: number) => addDays(today, offset)

const MARY = {
  givenName: 'Mary',
  familyName: 'Seacole',
  dateOfBirth: { day: '23', month: '11', year: '1940' },
  postcode: 'LS2 7HY',
}

describe('a practitioner follows reablement after a hospital stay, then reviews a plan that is overdue', () => {
  const journey = useJourney()

  /**
   * Someone in the practitioner's team whose plan started over a year ago
   * and has never been reviewed, as a CLD import or an approved plan leaves
   * them: a long-term Service event and the request that brought them.
   */
  async function personWithAnOverdueReview() {
    const db = journey.server.database.db
    const practitioner = await db
      .selectFrom('users')
      .select(['id', 'team_id'])
      .where('email', '=', demoEmail('practitioner'))
      .executeTakeFirstOrThrow()
    const person = await db
      .insertInto('people')
      .values({
        council_id: journey.server.councilId,
        la_person_id: 'JOURNEY-REVIEW-1',
        given_name: 'Grace',
        family_name: 'Hopper',
        date_of_birth: '1936-12-09',
        synthetic: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('support_requests')
      .values({
        council_id: journey.server.councilId,
        person_id: person.id,
        requested_on: day(-420),
        route_of_access: 'Community / Other route',
        what_was_asked: 'Help with getting up and going to bed',
        triage_outcome: 'Progress to assessment, review or reassessment',
        triaged_on: day(-420),
        team_id: practitioner.team_id,
        worker_id: practitioner.id,
        allocated_at: new Date(),
      })
      .execute()
    await db
      .insertInto('cld_events')
      .values({
        council_id: journey.server.councilId,
        person_id: person.id,
        event_type: 'Service',
        event_start_on: day(-400),
        service_type: 'Long term support: Community',
        service_component: 'Home support or domiciliary care',
        delivery_mechanism: 'CASSR Commissioned Support',
      })
      .execute()
  }

  it('records reablement after a discharge, ends it with its sequel, sees the 91-day check due, and records an overdue review', async () => {
    await personWithAnOverdueReview()
    const { context, page } = await signedInPage(journey, 'practitioner')

    // Mary came home from hospital 91 days ago; her request was triaged to reablement.
    await page.goto(`${journey.server.url}/people/new`)
    const form = new PersonFormPage(page)
    await form.fill(MARY)
    await form.submit()
    await page.waitForURL(/\/people\/[0-9a-f-]{36}/)
    const person = new PersonPage(page)
    expect(await person.heading()).toContain('Mary Seacole')
    const personId = page.url().split('?')[0]?.split('/').pop() ?? ''
    await person.recordRequest()
    await new NewRequestPage(page).record({
      on: day(-92),
      route: 'Discharge from Hospital',
      whatWasAsked: 'Support at home after a fall and a hip operation',
    })
    await new RequestPage(page).triage('Progress to reablement/ST-Max', day(-92))

    // Reablement starts the day she leaves hospital.
    const start = new StartReablementPage(page)
    await start.open(journey.server.url, personId)
    expect(await page.locator('main').textContent()).toContain('Which request is this reablement for?')
    await start.start({
      startedOn: day(-91),
      plannedEndOn: day(-49),
      provider: 'Demoshire Reablement Service',
      dischargedOn: day(-91),
    })
    const episode = new ReablementPage(page)
    expect(await episode.text()).toContain('Reablement started.')
    expect(await episode.text()).toContain('Demoshire Reablement Service')

    // Six weeks on she manages without further support.
    await episode.end(day(-50), 'No ongoing support needed')
    const ended = await episode.text()
    expect(ended).toContain('Reablement ended.')
    expect(ended).toContain('NFA: Support ended as planned')
    expect(ended).toContain('At-home check 91 days after leaving hospital')
    expect(ended).toContain('Due')
    await screenshot(page, 'reablement-ended')

    // The council's list shows her at-home check as due today.
    const list = new ReablementListPage(page)
    await list.openFromNavigation()
    const due = await list.checksDue()
    const row = due.find((cells) => cells[0] === 'Mary Seacole')
    expect(row, JSON.stringify(due)).toBeDefined()
    expect(row?.[3]).toBe('Due')
    await screenshot(page, 'reablement-list')

    // Recording where she was takes her off the list.
    await page.getByRole('link', { name: 'View reablement for Mary Seacole' }).click()
    await page.waitForURL(/\/reablement\/[0-9a-f-]{36}$/)
    await expectAccessible(page, 'reablement with the check due')
    await episode.recordCheck('At home', today)
    expect(await episode.text()).toContain('At-home check recorded.')
    await list.openFromNavigation()
    expect((await list.checksDue()).some((cells) => cells[0] === 'Mary Seacole')).toBe(false)

    // Grace's plan has never been reviewed: she is on the team's overdue list.
    const overdue = new OverdueReviewsPage(page)
    await overdue.openFromNavigation()
    const rows = await overdue.overdue()
    const grace = rows.find((cells) => cells[0] === 'Grace Hopper')
    expect(grace, JSON.stringify(rows)).toBeDefined()
    expect(grace?.[2]).toBe(String(daysBetween(day(-400 + 56), today)))
    expect(grace?.[3]).toContain('First review of a new plan')
    await screenshot(page, 'reviews-overdue')

    await overdue.recordReviewFor('Grace Hopper')
    const review = new RecordReviewPage(page)
    expect(await review.text()).toContain('Overdue')
    await review.record({
      reason: 'Planned',
      startedOn: day(-1),
      completedOn: today,
      outcomesMet: 'Fully Met',
      whoTookPart: 'Service user only',
      whatNext: 'Continuation of support or services',
      found: 'Morning and evening calls suit her; no change needed',
    })
    const recorded = await page.locator('main').textContent()
    expect(recorded).toContain('Review recorded.')
    expect(recorded).toContain('Planned review')
    expect(recorded).toContain('First review of a new plan')

    await overdue.openFromNavigation()
    expect((await overdue.overdue()).some((cells) => cells[0] === 'Grace Hopper')).toBe(false)
    await context.close()
  })
})
