import { fileURLToPath } from 'node:url'
import fastifyView from '@fastify/view'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import nunjucks from 'nunjucks'
import { DATE_PARTS, type DatePart } from '../../kernel/date-input.ts'
import { formatDate, formatDateTime } from '../../kernel/dates.ts'
import { madeAtFirstUse } from '../../kernel/made-at-first-use.ts'
import { formatPounds } from '../../kernel/money.ts'
import { formatNhsNumber } from '../../kernel/nhs-number.ts'
import { can, type Permission, ROLE_LABELS, type Role } from '../../modules/identity/roles.ts'
import { installNunjucksSpeedups } from '../nunjucks-speedups.ts'
import { precompiledTemplatesDir, usePrecompiledTemplates } from '../precompiled-templates.ts'
import { addRenderedNavigation } from '../rendered-navigation.ts'

const root = (relative: string) => fileURLToPath(new URL(`../../../${relative}`, import.meta.url))

/** An error as pages show it; a date input's names the boxes it is about. */
type PageError = { field: string; message: string; parts?: DatePart[] }

/** The template search path: the layout, every module's views, then GOV.UK and MoJ macros. */
export const TEMPLATE_PATHS = [
  root('src/app/views'),
  root('src/modules'),
  root('node_modules/govuk-frontend/dist'),
  root('node_modules/@ministryofjustice/frontend'),
]

installNunjucksSpeedups(nunjucks)
usePrecompiledTemplates(nunjucks, precompiledTemplatesDir())

/**
 * A Nunjucks environment with ASCEND's filters, cached (about 20× faster than
 * uncached). `engine` is for tests that compare with a Nunjucks without speedups.
 */
export function createNunjucks(engine: typeof nunjucks = nunjucks): nunjucks.Environment {
  const loader = new engine.FileSystemLoader(TEMPLATE_PATHS, { noCache: false })
  const env = new engine.Environment(loader, { autoescape: true, throwOnUndefined: false })
  // Nunjucks trims with /^\s*|\s*$/g, which GOV.UK's macros run over every
  // caller's whole HTML: the native trim strips the same whitespace, faster.
  env.addFilter('trim', (value: unknown) =>
    value instanceof engine.runtime.SafeString
      ? new engine.runtime.SafeString(value.toString().trim())
      : String(value).trim(),
  )
  // Nunjucks indents by splitting into lines and joining them again, over the whole HTML a GOV.UK
  // macro is given: putting the spaces after each newline makes the same text. (Anything but text
  // goes to Nunjucks's own, as does a width that is not a whole number of spaces.)
  const indent = env.getFilter('indent')
  env.addFilter('indent', function (this: unknown, value: unknown, width?: unknown, indentFirst?: unknown) {
    const safe = value instanceof engine.runtime.SafeString
    const spaces = width || 4
    if ((!safe && typeof value !== 'string') || !Number.isInteger(spaces) || (spaces as number) < 0) {
      return indent.call(this, value, width, indentFirst)
    }
    if (value === '') return ''
    const pad = ' '.repeat(spaces as number)
    const indented = (indentFirst ? pad : '') + String(value).replaceAll('\n', `\n${pad}`)
    return safe ? new engine.runtime.SafeString(indented) : indented
  })
  const dateTime = formatDateTime
  env.addFilter('govukDate', (value: string | null | undefined) => formatDate(value))
  env.addFilter('dateTime', dateTime)
  // The MoJ timeline formats its dates through `mojDate(type)`.
  env.addFilter('mojDate', (value: string | Date, type: string) =>
    type === 'datetime' ? dateTime(value) : formatDate(value instanceof Date ? value.toISOString() : value),
  )
  env.addFilter('nhsNumber', (value: string | null | undefined) => (value ? formatNhsNumber(value) : ''))
  env.addFilter('roleLabel', (value: string) => ROLE_LABELS[value as Role] ?? value)
  // Whether the signed-in reader holds a permission: a page links to a record only for a reader who may open it.
  env.addGlobal('can', function canRead(this: { ctx: { user?: { role: string } } }, permission: Permission) {
    const { user } = this.ctx
    return user !== undefined && can(user.role, permission)
  })
  const counts = new Intl.NumberFormat('en-GB')
  env.addFilter('count', (value: number | null | undefined) =>
    value === null || value === undefined ? '' : counts.format(value),
  )
  env.addFilter('pounds', (pence: number | null | undefined) =>
    pence === null || pence === undefined ? '' : formatPounds(pence),
  )
  // Error summary and field errors from a list of {field, message}. A date input's error names the
  // boxes it is about (`parts`): the summary links to the first of them, as GOV.UK asks.
  env.addFilter('errorList', (errors: PageError[] | undefined) =>
    (errors ?? []).map((e) => ({
      text: e.message,
      href: `#${e.field.replace(/\./g, '-')}${e.parts?.[0] ? `-${e.parts[0]}` : ''}`,
    })),
  )
  env.addFilter('errorFor', (errors: PageError[] | undefined, field: string) => {
    const found = (errors ?? []).find((e) => e.field === field)
    return found ? { text: found.message } : undefined
  })
  // A GOV.UK date input's boxes: with an error about some of them, only those are highlighted.
  env.addFilter('dateInputItems', (errors: PageError[] | undefined, field: string) => {
    const parts = (errors ?? []).find((e) => e.field === field)?.parts
    const some = parts !== undefined && parts.length < DATE_PARTS.length
    return DATE_PARTS.map((name) => (some ? { name, error: parts.includes(name) } : { name }))
  })
  // {value,text} items for GOV.UK selects and radios from a list of strings: selects read
  // `selected`, radios read `checked`, so the choice survives a re-render either way.
  env.addFilter('options', (values: readonly string[], selected?: string | null, blank?: string) => [
    ...(blank !== undefined ? [{ value: '', text: blank, selected: !selected, checked: !selected }] : []),
    ...values.map((v) => ({ value: v, text: v, selected: v === selected, checked: v === selected })),
  ])
  // The skip link every page starts with, from GOV.UK's macro: its arguments never change, so
  // neither does its HTML (made at the first page, not at every one).
  env.addGlobal(
    'govukSkipLinkToMain',
    madeAtFirstUse(
      () =>
        new engine.runtime.SafeString(
          env.renderString(
            '{% from "govuk/components/skip-link/macro.njk" import govukSkipLink %}' +
              '{{ govukSkipLink({ href: "#main-content", text: "Skip to main content" }) }}',
            {},
          ),
        ),
    ),
  )
  addRenderedNavigation(env, engine)
  return env
}

export const views = fp(async (app: FastifyInstance) => {
  const env = createNunjucks()
  await app.register(fastifyView, {
    // @fastify/view builds its environment through `configure`; hand it ours.
    engine: { nunjucks: { configure: () => env } },
    templates: TEMPLATE_PATHS,
    production: true,
  })
  app.decorate('nunjucks', env)
  // The GOV.UK template's one inline script carries the request's CSP nonce.
  app.addHook('preHandler', async (_request, reply) => {
    reply.locals = { ...reply.locals, cspNonce: reply.cspNonce?.script }
  })
})

declare module 'fastify' {
  interface FastifyInstance {
    nunjucks: nunjucks.Environment
  }
  interface FastifyReply {
    /** What every page's template sees besides its own data (user, navigation, CSRF token). */
    locals: Record<string, unknown>
  }
}
