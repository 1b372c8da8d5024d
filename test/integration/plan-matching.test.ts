import { expect, it } from 'vitest'
import { can, ROLES } from '../../src/modules/identity/roles.ts'
import { draftPlan, homeCare } from '../support/plan-fixtures.ts'
import { type CouncilKey, describeOnEachDatabase } from '../support/test-context.ts'

const HOME = 'Home support or domiciliary care'
const provider = (name: string, takesDirectPayments = true) => ({
  name,
  kind: 'organisation',
  takesDirectPayments,
  holdsIsfs: false,
})
const homeCareIn = (areas: string[], ratePence: number, rateUnit = 'Hourly') => ({
  name: 'Home care',
  serviceComponent: HOME,
  areas,
  ratePence,
  rateUnit,
})

describeOnEachDatabase('matching plans to the directory, and where plans need providers', (ctx) => {
  async function directory(district: string, council: CouncilKey = 'a') {
    const api = await ctx().api('commissioner', council)
    const add = async (body: object, service: object) => {
      const made = await api.post('/api/v1/providers', body)
      expect(made.statusCode, made.body).toBe(201)
      const added = await api.post(`/api/v1/providers/${made.json().id}/services`, service)
      expect(added.statusCode, added.body).toBe(201)
    }
    await add(provider('Caring Hands Ltd'), homeCareIn([district], 2200))
    await add(provider('No Direct Payments Care', false), homeCareIn([district], 1900))
    await add(provider('Far Away Care'), homeCareIn(['DN9'], 1800))
    await add(
      { ...provider('Rosa Whitfield'), kind: 'personal_assistant' },
      homeCareIn([district], 9000, 'Daily'),
    )
  }

  /** A plan for someone in a district: home care by direct payment naming Caring Hands, and a day at Shared Lives. */
  async function planIn(district: string, council: CouncilKey = 'a') {
    const made = await draftPlan(
      ctx(),
      [
        homeCare(7, 2400, { provider: 'Caring Hands Ltd' }),
        homeCare(1, 5000, {
          serviceComponent: 'Shared Lives',
          costUnit: 'Daily',
          provider: null,
          deliveryMechanism: 'commissioned',
        }),
      ],
      { council },
    )
    await ctx()
      .database.db.updateTable('people')
      .set({ postcode: `${district} 5AB` })
      .where('id', '=', made.person.id)
      .execute()
    return made
  }

  it('lists, for each line, the services where the person lives that its money can pay, named and cheapest first', async () => {
    await directory('DN4')
    const { plan } = await planIn('DN4')
    const api = await ctx().api('practitioner')
    const found = await api.get(`/api/v1/plans/${plan.id}/providers`)
    expect(found.statusCode, found.body).toBe(200)
    const { district, lines } = found.json()
    expect(district).toBe('DN4')
    const [home, sharedLives] = lines
    expect(
      home.matches.map((m: { providerName: string; named: boolean; differencePence: number | null }) => [
        m.providerName,
        m.named,
        m.differencePence,
      ]),
    ).toEqual([
      ['Caring Hands Ltd', true, -200],
      ['Rosa Whitfield', false, null],
    ])
    expect(sharedLives.matches).toEqual([])

    const page = await (await ctx().browser('practitioner')).get(`/plans/${plan.id}/providers`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Named in the plan')
    expect(page.body).toContain('£2.00 less')
    expect(page.body).toContain('No provider in the directory offers shared lives in DN4')
    expect((await (await ctx().browser('practitioner')).get(`/plans/${plan.id}`)).body).toContain(
      `/plans/${plan.id}/providers`,
    )
  })

  it('shows commissioners where plans in effect need providers the directory lacks', async () => {
    await directory('DN5')
    const { plan } = await planIn('DN5')
    const submitted = await (await ctx().api('practitioner')).post(
      `/api/v1/plans/${plan.id}/funding-requests`,
      {},
    )
    expect(submitted.json().status).toBe('approved')
    const { gaps } = (await (await ctx().api('commissioner')).get('/api/v1/market/gaps')).json()
    const inDn5 = (component: string) =>
      gaps.find(
        (g: { serviceComponent: string; district: string }) =>
          g.serviceComponent === component && g.district === 'DN5',
      )
    expect(inDn5('Shared Lives')).toMatchObject({ people: 1, services: 0, kind: 'none' })
    expect(inDn5(HOME)).toMatchObject({
      people: 1,
      directPaymentPeople: 1,
      services: 3,
      takingDirectPayments: 2,
      kind: 'covered',
    })
    const page = await (await ctx().browser('commissioner')).get('/market/gaps')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Nobody listed')
  })

  it('is for those who read plans and the directory; gaps for those who keep it; councils apart', async () => {
    const { plan } = await planIn('DN6')
    for (const role of ROLES) {
      const matches = can(role, 'readPlans') && can(role, 'readMarket')
      const keeps = can(role, 'manageMarket')
      const api = await ctx().api(role)
      const browser = await ctx().browser(role)
      expect((await api.get(`/api/v1/plans/${plan.id}/providers`)).statusCode, role).toBe(matches ? 200 : 403)
      expect((await browser.get(`/plans/${plan.id}/providers`)).statusCode, role).toBe(matches ? 200 : 403)
      expect((await api.get('/api/v1/market/gaps')).statusCode, role).toBe(keeps ? 200 : 403)
      expect((await browser.get('/market/gaps')).statusCode, role).toBe(keeps ? 200 : 403)
    }
    expect((await ctx().app.inject({ method: 'GET', url: `/plans/${plan.id}/providers` })).statusCode).toBe(
      302,
    )
    expect((await ctx().app.inject({ method: 'GET', url: '/api/v1/market/gaps' })).statusCode).toBe(401)
    expect(
      (await (await ctx().api('practitioner', 'b')).get(`/api/v1/plans/${plan.id}/providers`)).statusCode,
    ).toBe(404)
    expect(
      (await (await ctx().browser('practitioner', 'b')).get(`/plans/${plan.id}/providers`)).statusCode,
    ).toBe(404)
    // Council B's gaps know nothing of A's plans.
    const theirs = (await (await ctx().api('commissioner', 'b')).get('/api/v1/market/gaps')).json()
    expect(theirs.gaps.some((g: { district: string }) => g.district === 'DN5' || g.district === 'DN6')).toBe(
      false,
    )
  })
})
