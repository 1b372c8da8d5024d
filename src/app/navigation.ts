import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { type Permission, can } from '../modules/identity/roles.ts'

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
  { href: '/decisions/cost', text: 'Cost of deciding', permission: 'decisionCost' },
  { href: '/measures', text: 'Measures', permission: 'measures' },
  { href: '/self-assessment', text: 'Self-assessment', permission: 'selfAssessment' },
  { href: '/benchmarking', text: 'Benchmarking', permission: 'benchmarking' },
  { href: '/admin/delegation-scheme', text: 'Scheme of delegation', permission: 'configure' },
  { href: '/admin/ras', text: 'Resource allocation', permission: 'configure' },
  { href: '/admin/decision-settings', text: 'Decision settings', permission: 'configure' },
  { href: '/cld/imports', text: 'CLD returns', permission: 'cldReturn' },
  { href: '/audit', text: 'Audit log', permission: 'audit' },
]

/** The service navigation for the signed-in user's role, with the current section marked. */
export const navigation = fp(async (app: FastifyInstance) => {
  app.addHook('preHandler', async (request, reply) => {
    const user = request.user
    if (!user || request.url.startsWith('/api/')) return
    const path = request.url.split('?')[0] ?? '/'
    reply.locals = {
      ...reply.locals,
      user,
      navigation: ITEMS.filter((item) => !item.permission || can(user.role, item.permission)).map((item) => ({
        href: item.href,
        text: item.text,
        active: item.href === '/' ? path === '/' : path === item.href || path.startsWith(`${item.href}/`),
      })),
    }
  })
})
