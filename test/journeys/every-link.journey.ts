import { beforeAll, describe, expect, it } from 'vitest'
import { seedDemoPeople } from '../../src/cli/seed-demo-people.ts'
import { ROLES } from '../../src/modules/identity/roles.ts'
import { expectAccessible } from './support/browser.ts'
import { signedInPage, useJourney } from './support/journey.ts'

/** Pages of one shape (the same route, other records or queries) are visited once. */
const shapeOf = (href: string) =>
  href.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id').replace(/[?#].*$/, '')

/** Files and documents, not pages: downloads, CSV, JSON, the API. */
const NOT_A_PAGE = /\.(csv|json|js|css|png|ico)$|^\/api\/|\/download/

/** At most this many pages of different shapes a role. */
const PAGES_A_ROLE = 40

describe('every link a role is shown, on the demo council with its synthetic people', () => {
  const journey = useJourney()
  // A page of one shape is scanned by axe once, as the first role to reach it; each role's links are all followed.
  const scanned = new Set<string>()

  beforeAll(() => seedDemoPeople(journey.server.database, journey.server.councilId))

  it.each(ROLES)('as the %s: each page it reaches opens and passes axe', async (role) => {
    const { page, close } = await signedInPage(journey, role)
    try {
      const seen = new Set<string>()
      const queue: { href: string; from: string }[] = [{ href: '/', from: 'sign-in' }]
      while (queue.length > 0 && seen.size < PAGES_A_ROLE) {
        const { href, from } = queue.shift() as { href: string; from: string }
        const shape = shapeOf(href)
        if (seen.has(shape) || NOT_A_PAGE.test(shape)) continue
        seen.add(shape)
        const url = `${journey.server.url}${href}`
        const answer = await page.request.get(url)
        expect(answer.status(), `${href}, linked from ${from}`).toBe(200)
        // A download (a CLD file, a benchmark pack) is checked by its answer alone.
        if (!answer.headers()['content-type']?.startsWith('text/html')) continue
        await page.goto(url)
        if (!scanned.has(shape)) {
          scanned.add(shape)
          await expectAccessible(page, `${shape} as the ${role}`)
        }
        const links = await page.$$eval('a[href^="/"]', (anchors) =>
          anchors.map((a) => a.getAttribute('href') as string),
        )
        for (const link of links) if (!seen.has(shapeOf(link))) queue.push({ href: link, from: href })
      }
    } finally {
      await close()
    }
  })
})
