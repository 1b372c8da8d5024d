import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { dateInputErrors, dateInputValues, readDateInputs } from '../../kernel/date-input.ts'
import { isoDay } from '../../kernel/dates.ts'
import { pathId } from '../../kernel/path-id.ts'
import { type FieldError, notFound, ValidationProblem } from '../../kernel/problem.ts'
import { openApiBody, pageNumber, parseInput } from '../../kernel/validation.ts'
import type { CurrentUser } from '../identity/store.ts'
import { providersAcceptedFor } from '../market/offer-store.ts'
import { providersHoldingIsfs } from '../market/store.ts'
import { poundsForForm } from '../plans/money-input.ts'
import {
  ACCOUNTS_PAGE_SIZE,
  AWAITING_SHOWN,
  closeAccount,
  openAccount,
  readAccount,
  readAccounts,
  readPlanToOpen,
  readStatement,
  recordTransaction,
} from './actions.ts'
import { liveHolderLinks } from './holder-links.ts'
import {
  ACCOUNT_KINDS,
  AN_ACCOUNT,
  CLOSED_DATE,
  closeAccountSchema,
  DEFAULT_CONTINGENCY_WEEKS,
  DESCRIPTION_MAX,
  OCCURRED_DATE,
  OPENED_DATE,
  openAccountFromForm,
  openAccountSchema,
  REASON_MAX,
  STATEMENT_DAYS,
  STATEMENT_FROM,
  STATEMENT_TO,
  statementPeriodSchema,
  transactionFromForm,
  transactionSchema,
} from './inputs.ts'
import { KIND_LABELS, TRANSACTION_KINDS } from './ledger.ts'
import { RETURN_DUE_WEEKS } from './monitoring.ts'

const idParams = z.toJSONSchema(z.object({ id: z.uuid() }))
const pageQuery = z.object({ page: pageNumber })

/** Banners after a change; keyed so that no input is ever echoed into the page. */
const DONE_MESSAGES: Record<string, string> = {
  opened: 'Account opened.',
  closed: 'Account closed.',
  withdrawn: 'The link is withdrawn: it no longer opens the statement.',
  statement: 'The statement’s lines are recorded.',
  ...Object.fromEntries(TRANSACTION_KINDS.map((kind) => [kind, `${KIND_LABELS[kind]} recorded.`])),
}

/** What each kind of transaction means, beside its radio. */
const KIND_HINTS: Record<(typeof TRANSACTION_KINDS)[number], string> = {
  payment: 'The council paid money into the account',
  spend: 'Money was spent on support: a personal assistant’s wages, an agency’s invoice',
  refund: 'Money spent came back into the account, or spending was recorded by mistake',
  clawback: 'The council took back money held beyond what the plan needs',
}

const BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Budget accounts', href: '/accounts' },
]

/** Budget accounts for direct payments and individual service funds: pages and API. */
export async function accountRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const today = () => isoDay(services.now())
  const accounts = { preHandler: allow('accounts') }
  const params = (request: FastifyRequest) => request.params as Record<string, string>
  const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>
  const query = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>

  // ── Pages ────────────────────────────────────────────────────────────────

  app.get('/accounts', { ...accounts, schema: { hide: true } }, async (request, reply) => {
    const page = parseInput(pageQuery, query(request)).page
    const found = await readAccounts(database, currentUser(request), today(), page)
    return reply.view('accounts/views/accounts.njk', {
      title: found.pages > 1 ? `Budget accounts (page ${page} of ${found.pages})` : 'Budget accounts',
      breadcrumbs: [{ text: 'Home', href: '/' }],
      ...found,
      previous: page > 1 ? { href: `/accounts?page=${page - 1}` } : undefined,
      next: page < found.pages ? { href: `/accounts?page=${page + 1}` } : undefined,
      returnDueWeeks: RETURN_DUE_WEEKS,
    })
  })

  /** The plan and kind an account is to be opened for, from the query or the form. */
  const planAsked = (source: Record<string, unknown>) => {
    const planId = String(source.plan ?? source.planId ?? '')
    const kind = String(source.kind ?? '')
    if (!(ACCOUNT_KINDS as readonly string[]).includes(kind)) throw notFound('Plan held this way')
    return { planId: pathId(planId, 'Plan'), kind }
  }

  app.get('/accounts/open', { ...accounts, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const { planId, kind } = planAsked(query(request))
    const plan = await readPlanToOpen(database, user, planId, kind)
    // A fund's lines arranged with one provider of the directory: that provider holds it, most likely.
    const accepted =
      kind === 'individual_service_fund'
        ? await providersAcceptedFor(database.db, user.councilId, planId, 'individual_service_fund')
        : []
    const [holder] = accepted.length === 1 ? accepted : []
    return openPage(reply, user, plan, {
      contingencyWeeks: String(DEFAULT_CONTINGENCY_WEEKS),
      ...dateInputValues('openedOn', today()),
      ...(holder ? { holderProviderId: holder.id, holder: holder.name } : {}),
    })
  })

  app.post('/accounts/open', { ...accounts, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const form = body(request)
    const { planId, kind } = planAsked(form)
    const dates = readDateInputs(form, [OPENED_DATE])
    try {
      const input = openAccountFromForm({ ...form, planId, kind, ...dates.values }, today())
      const account = await openAccount(database, user, input, today())
      return reply.redirect(`/accounts/${account.id}?done=opened`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const plan = await readPlanToOpen(database, user, planId, kind)
      return openPage(reply.code(422), user, plan, form, dateInputErrors(dates, error.errors))
    }
  })

  async function openPage(
    reply: FastifyReply,
    user: CurrentUser,
    plan: Awaited<ReturnType<typeof readPlanToOpen>>,
    values: Record<string, unknown>,
    errors?: FieldError[],
  ) {
    // An individual service fund may be held by a provider of the directory, whose users then read it.
    const providers =
      plan.kind === 'individual_service_fund' ? await providersHoldingIsfs(database.db, user.councilId) : []
    return reply.view('accounts/views/open-account.njk', {
      providerItems: providers.length
        ? [
            { value: '', text: 'Not a provider in the directory' },
            ...providers.map((p) => ({
              value: p.id,
              text: p.name,
              selected: p.id === values.holderProviderId,
            })),
          ]
        : undefined,
      title: `Open ${AN_ACCOUNT[plan.kind]} for ${plan.personName}`,
      anAccount: AN_ACCOUNT[plan.kind],
      breadcrumbs: BREADCRUMBS,
      plan,
      values,
      errors,
    })
  }

  app.get('/accounts/:id', { ...accounts, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const { account, lines } = await readAccount(
      database,
      user,
      pathId(params(request).id, 'Budget account'),
      today(),
    )
    return reply.view('accounts/views/account.njk', {
      title: `${account.kindLabel} account: ${account.personName}`,
      breadcrumbs: BREADCRUMBS,
      account,
      holderLinks: await liveHolderLinks(database, user, account.id, services.now()),
      // Newest first, as bank statements are read online.
      lines: [...lines].reverse(),
      flash: DONE_MESSAGES[String(query(request).done ?? '')],
    })
  })

  app.get('/accounts/:id/statement', { ...accounts, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const accountId = pathId(params(request).id, 'Budget account')
    const asked = query(request)
    const dates = readDateInputs(asked, [STATEMENT_FROM, STATEMENT_TO])
    try {
      if (dates.errors.length > 0) throw new ValidationProblem([])
      const statement = await readStatement(database, user, accountId, dates.values, today())
      return reply.view('accounts/views/statement.njk', {
        title: `Statement: ${statement.account.kindLabel.toLowerCase()} account, ${statement.account.personName}`,
        breadcrumbs: [...BREADCRUMBS, { text: statement.account.personName, href: `/accounts/${accountId}` }],
        ...statement,
        values: { ...dateInputValues('from', statement.from), ...dateInputValues('to', statement.to) },
      })
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const { account } = await readAccount(database, user, accountId, today(), { audit: false })
      return reply.code(422).view('accounts/views/statement.njk', {
        title: `Statement: ${account.kindLabel.toLowerCase()} account, ${account.personName}`,
        breadcrumbs: [...BREADCRUMBS, { text: account.personName, href: `/accounts/${accountId}` }],
        account,
        values: asked,
        errors: dateInputErrors(dates, error.errors),
      })
    }
  })

  app.get(
    '/accounts/:id/transactions/new',
    { ...accounts, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const found = await readAccount(database, user, pathId(params(request).id, 'Budget account'), today())
      return transactionPage(reply, found.account, dateInputValues('occurredOn', today()))
    },
  )

  app.post(
    '/accounts/:id/transactions/new',
    { ...accounts, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const accountId = pathId(params(request).id, 'Budget account')
      const form = body(request)
      const dates = readDateInputs(form, [OCCURRED_DATE])
      try {
        const input = transactionFromForm({ ...form, ...dates.values }, today())
        const recorded = await recordTransaction(database, user, accountId, input, today())
        return reply.redirect(`/accounts/${accountId}?done=${recorded.kind}`, 303)
      } catch (error) {
        if (!(error instanceof ValidationProblem)) throw error
        const found = await readAccount(database, user, accountId, today(), { audit: false })
        const errors = error.errors.map((e) => (e.field === 'amountPence' ? { ...e, field: 'amount' } : e))
        return transactionPage(reply.code(422), found.account, form, dateInputErrors(dates, errors))
      }
    },
  )

  function transactionPage(
    reply: FastifyReply,
    account: Awaited<ReturnType<typeof readAccount>>['account'],
    values: Record<string, unknown>,
    errors?: FieldError[],
  ) {
    return reply.view('accounts/views/new-transaction.njk', {
      title: `Record a transaction: ${account.personName}`,
      breadcrumbs: [...BREADCRUMBS, { text: account.personName, href: `/accounts/${account.id}` }],
      account,
      values,
      errors,
      kindItems: TRANSACTION_KINDS.map((kind) => ({
        value: kind,
        text: KIND_LABELS[kind],
        hint: { text: KIND_HINTS[kind] },
        checked: values.kind === kind,
      })),
      surplusAmount: (() => {
        const surplus = account.concerns.find((c) => c.code === 'surplus')
        return surplus?.code === 'surplus' ? poundsForForm(surplus.surplusPence) : undefined
      })(),
      descriptionMax: DESCRIPTION_MAX,
    })
  }

  app.get('/accounts/:id/close', { ...accounts, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const found = await readAccount(database, user, pathId(params(request).id, 'Budget account'), today())
    if (found.account.closedOn) return reply.redirect(`/accounts/${found.account.id}`, 303)
    return closePage(reply, found.account, dateInputValues('closedOn', today()))
  })

  app.post('/accounts/:id/close', { ...accounts, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const accountId = pathId(params(request).id, 'Budget account')
    const form = body(request)
    const dates = readDateInputs(form, [CLOSED_DATE])
    try {
      await closeAccount(database, user, accountId, { ...form, ...dates.values }, today())
      return reply.redirect(`/accounts/${accountId}?done=closed`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const found = await readAccount(database, user, accountId, today(), { audit: false })
      return closePage(reply.code(422), found.account, form, dateInputErrors(dates, error.errors))
    }
  })

  function closePage(
    reply: FastifyReply,
    account: Awaited<ReturnType<typeof readAccount>>['account'],
    values: Record<string, unknown>,
    errors?: FieldError[],
  ) {
    return reply.view('accounts/views/close-account.njk', {
      title: `Close the account: ${account.personName}`,
      breadcrumbs: [...BREADCRUMBS, { text: account.personName, href: `/accounts/${account.id}` }],
      account,
      values,
      errors,
      reasonMax: REASON_MAX,
    })
  }

  // ── API ──────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/accounts',
    {
      ...accounts,
      schema: {
        tags: ['accounts'],
        summary:
          'The council’s budget accounts, a page at a time, and the plans held as money that have none yet',
        description:
          'Each account with the money held, spent and paid in (pence) and what needs attention: the person’s death ' +
          `(all held to be recovered), a surplus over its contingency, or no spending recorded for ${RETURN_DUE_WEEKS} weeks. awaiting lists active plans with ` +
          `lines held as a direct payment or individual service fund and no account for them (the ${AWAITING_SHOWN} ` +
          `waiting longest; awaitingTotal counts them all). Accounts needing attention come first, ${ACCOUNTS_PAGE_SIZE} a page.`,
        querystring: z.toJSONSchema(pageQuery, { io: 'input' }),
      },
    },
    async (request) =>
      readAccounts(database, currentUser(request), today(), parseInput(pageQuery, query(request)).page),
  )

  app.post(
    '/api/v1/accounts',
    {
      ...accounts,
      schema: {
        tags: ['accounts'],
        summary: 'Open a budget account for an active plan’s direct payment or individual service fund',
        description:
          'The weekly amount is that of the plan’s lines held this way (at most the amount approved). One account ' +
          'a plan and way of holding: a second answers 409.',
        body: openApiBody(openAccountSchema('2099-12-31')),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await openAccount(database, currentUser(request), request.body, today())),
  )

  app.get(
    '/api/v1/accounts/:id',
    {
      ...accounts,
      schema: {
        tags: ['accounts'],
        summary: 'A budget account and its statement, oldest first',
        params: idParams,
      },
    },
    async (request) => {
      const found = await readAccount(
        database,
        currentUser(request),
        pathId(params(request).id, 'Budget account'),
        today(),
      )
      return { ...found.account, transactions: found.lines }
    },
  )

  app.get(
    '/api/v1/accounts/:id/statement',
    {
      ...accounts,
      schema: {
        tags: ['accounts'],
        summary: 'An account’s statement for a period, as sent to whoever holds the money',
        description:
          `from and to are ISO dates, both included; by default the last ${STATEMENT_DAYS} days, not before the ` +
          'account opened. The money held at the start and end, what went in and out, and each transaction.',
        params: idParams,
        querystring: z.toJSONSchema(statementPeriodSchema('2099-12-31'), {
          io: 'input',
          unrepresentable: 'any',
        }),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const statement = await readStatement(
        database,
        user,
        pathId(params(request).id, 'Budget account'),
        query(request),
        today(),
      )
      return { ...statement, lines: statement.lines.map(({ recordedBy: _, ...line }) => line) }
    },
  )

  app.post(
    '/api/v1/accounts/:id/close',
    {
      ...accounts,
      schema: {
        tags: ['accounts'],
        summary:
          'Close an account when its support ends: what is still held is clawed back on the closing day',
        description:
          'A closed account takes no more transactions (409). The closing day is on or after its last transaction.',
        params: idParams,
        body: openApiBody(closeAccountSchema('2099-12-31')),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const accountId = pathId(params(request).id, 'Budget account')
      const closed = await closeAccount(database, user, accountId, request.body, today())
      const { account } = await readAccount(database, user, accountId, today(), { audit: false })
      return { ...closed, account }
    },
  )

  app.post(
    '/api/v1/accounts/:id/transactions',
    {
      ...accounts,
      schema: {
        tags: ['accounts'],
        summary: 'Record a payment in, spending, a refund of spending or a clawback',
        description:
          'Money cannot leave a ledger that does not hold it: spending and clawback are at most the money held, a ' +
          'refund at most the money spent (422 otherwise). Transactions are never changed: put a mistake right ' +
          'with another.',
        params: idParams,
        body: openApiBody(transactionSchema('2099-12-31')),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const accountId = pathId(params(request).id, 'Budget account')
      const recorded = await recordTransaction(database, user, accountId, request.body, today())
      const { account } = await readAccount(database, user, accountId, today(), { audit: false })
      return reply.code(201).send({ id: recorded.id, account })
    },
  )
}
