import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { can, type Permission, type Role } from '../modules/identity/roles.ts'

interface NavItem {
  href: string
  text: string
  /** Shown to roles with this permission; everyone signed in when absent. */
  permission?: Permission
}

const ITEMS: NavItem[] = [
  { href: '/', text: 'Home' },
  { href: '/people', text: 'People', permission: 'caseWork' },
  { href: '/caseload', text: 'My caseload', permission: 'caseWork' },
  { href: '/team', text: 'Team', permission: 'allocate' },
  { href: '/reablement', text: 'Reablement', permission: 'caseWork' },
  { href: '/reviews/overdue', text: 'Reviews', permission: 'caseWork' },
  { href: '/funding-requests', text: 'Funding requests', permission: 'decideFunding' },
  { href: '/panels', text: 'Panels', permission: 'panels' },
  { href: '/accounts', text: 'Budget accounts', permission: 'accounts' },
  { href: '/market', text: 'Providers', permission: 'readMarket' },
  { href: '/provider', text: 'Your listing', permission: 'ownListing' },
  { href: '/provider/offers', text: 'Packages offered', permission: 'ownListing' },
  { href: '/packages/waiting', text: 'Packages', permission: 'arrangePackages' },
  { href: '/decisions/cost', text: 'Cost of deciding', permission: 'decisionCost' },
  { href: '/evidence/consistency', text: 'Practice consistency', permission: 'practiceConsistency' },
  { href: '/measures', text: 'Measures', permission: 'measures' },
  { href: '/self-assessment', text: 'Self-assessment', permission: 'selfAssessment' },
  { href: '/benchmarking', text: 'Benchmarking', permission: 'benchmarking' },
  { href: '/admin/delegation-scheme', text: 'Scheme of delegation', permission: 'configure' },
  { href: '/admin/ras', text: 'Resource allocation', permission: 'configure' },
  { href: '/admin/decision-settings', text: 'Decision settings', permission: 'configure' },
  { href: '/cld/imports', text: 'CLD returns', permission: 'cldReturn' },
  { href: '/admin/users', text: 'Users', permission: 'manageUsers' },
  { href: '/audit', text: 'Audit log', permission: 'audit' },
]

/** A navigation entry as the layout reads it. */
interface NavEntry {
  href: string
  text: string
  active: boolean
}

/** Where a path belongs: the item whose section it is in, if any. */
const isIn = (path: string, href: string) =>
  href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`)

/**
 * Each role's navigation with each section marked, made once and frozen: a
 * page is given the same array each time, which the rendered navigation
 * (rendered-navigation.ts) keeps its HTML by.
 */
const menus = new Map<string, readonly NavEntry[]>()
const itemsOf = new Map<Role, NavItem[]>()

export function navigationFor(role: Role, path: string): readonly NavEntry[] {
  let visible = itemsOf.get(role)
  if (!visible) {
    visible = ITEMS.filter((item) => !item.permission || can(role, item.permission))
    itemsOf.set(role, visible)
  }
  // The section is the longest item the path is in: /provider/offers is in "Packages offered", not "Your listing" too.
  let current = -1
  for (let i = 0; i < visible.length; i++) {
    const href = (visible[i] as NavItem).href
    if (isIn(path, href) && (current < 0 || href.length > (visible[current] as NavItem).href.length))
      current = i
  }
  const key = `${role} ${current}`
  let menu = menus.get(key)
  if (!menu) {
    menu = Object.freeze(
      visible.map((item, i) => Object.freeze({ href: item.href, text: item.text, active: i === current })),
    )
    menus.set(key, menu)
  }
  return menu
}

/** The service navigation for the signed-in user's role, with the current section marked. */
export const navigation = fp(async (app: FastifyInstance) => {
  app.addHook('preHandler', async (request, reply) => {
    const user = request.user
    if (!user || request.url.startsWith('/api/')) return
    reply.locals = {
      ...reply.locals,
      user,
      navigation: navigationFor(user.role, request.url.split('?')[0] ?? '/'),
    }
  })
})
