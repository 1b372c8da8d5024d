import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { isoDay } from '../../kernel/dates.ts'
import { pathId } from '../../kernel/path-id.ts'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import { openApiBody } from '../../kernel/validation.ts'
import { readAccount, recordTransactions } from './actions.ts'
import { TRANSACTIONS_MAX, transactionListSchema } from './inputs.ts'
import { KIND_LABELS, type TransactionKind } from './ledger.ts'
import {
  KINDS_FOR,
  type ProposedLine,
  proposeLines,
  readStatementFile,
  type StatementProblem,
} from './statement-file.ts'

/** A statement of two thousand lines is well under 1 MB. */
const MAX_STATEMENT_BYTES = 1_000_000

const BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Budget accounts', href: '/accounts' },
]

type Form = Record<string, unknown>
type Account = Awaited<ReturnType<typeof readAccount>>['account']

/**
 * A bank or prepaid-card statement recorded on a budget account (DESIGN.md
 * capability 6): the file uploaded, its lines shown as the transactions they
 * most likely are, with those already recorded left out, and the lines the
 * finance officer keeps recorded together, all or none. The API takes the
 * transactions as a list.
 */
export async function statementUploadRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const today = () => isoDay(services.now())
  const accounts = { preHandler: allow('accounts') }
  const accountIdOf = (request: FastifyRequest) =>
    pathId((request.params as { id: string }).id, 'Budget account')
  const body = (request: FastifyRequest) => (request.body ?? {}) as Form

  // The file comes with the form's CSRF token as an ordinary field.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_STATEMENT_BYTES, files: 1, fields: 5, parts: 6 },
  })

  app.get('/accounts/:id/statement-file', { ...accounts, schema: { hide: true } }, async (request, reply) => {
    const { account } = await readAccount(database, currentUser(request), accountIdOf(request), today())
    return uploadPage(reply, account, [])
  })

  app.post(
    '/accounts/:id/statement-file',
    { ...accounts, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const { account, lines: recorded } = await readAccount(database, user, accountIdOf(request), today())
      const file = body(request).statement
      if (!Buffer.isBuffer(file) || file.length === 0) {
        return uploadPage(reply.code(422), account, [
          { field: 'statement', message: 'Choose the statement file (CSV) to upload' },
        ])
      }
      const read = readStatementFile(file.toString('utf8'))
      if (read.lines.length === 0) {
        const problems = read.problems.length
          ? read.problems
          : [{ line: 1, message: 'The file has no lines of money in or out' }]
        return uploadPage(
          reply.code(422),
          account,
          problems.slice(0, 10).map((p) => ({ field: 'statement', message: p.message })),
        )
      }
      const proposed = proposeLines(read.lines, recorded)
      return linesPage(reply, account, proposed, read.problems, formValuesOf(proposed), [])
    },
  )

  app.post(
    '/accounts/:id/statement-lines',
    { ...accounts, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const accountId = accountIdOf(request)
      const form = body(request)
      const lines = linesFromForm(form)
      const kept = lines.filter((l) => l.include)
      try {
        if (kept.length === 0)
          throw new ValidationProblem([{ field: 'lines', message: 'Choose at least one line to record' }])
        const { ids } = await recordTransactions(
          database,
          user,
          accountId,
          kept.map((l) => ({
            kind: l.kind,
            amountPence: l.amountPence,
            occurredOn: l.occurredOn,
            description: l.description || undefined,
          })),
          today(),
        )
        return reply.redirect(`/accounts/${accountId}?done=statement&recorded=${ids.length}`, 303)
      } catch (error) {
        if (!(error instanceof ValidationProblem)) throw error
        const { account } = await readAccount(database, user, accountId, today(), { audit: false })
        // `transactions.N.field` names the Nth line kept: the page names the line's own kind box.
        const errors = error.errors.map((e) => {
          const match = /^transactions\.(\d+)\./.exec(e.field)
          const line = match ? kept[Number(match[1])] : undefined
          return line
            ? {
                field: `lines.${line.index}.kind`,
                message: e.message.replace(/^Line \d+:/, `Line ${line.line}:`),
              }
            : e
        })
        return linesPage(reply.code(422), account, lines.map(asProposed), [], form, errors)
      }
    },
  )

  app.post(
    '/api/v1/accounts/:id/transactions/batch',
    {
      ...accounts,
      schema: {
        tags: ['accounts'],
        summary:
          'Record several transactions on an account at once (a statement’s lines), oldest first: all, or with any refused, none',
        params: z.toJSONSchema(z.object({ id: z.uuid() })),
        body: openApiBody(transactionListSchema(isoDay(new Date()))),
      },
    },
    async (request, reply) => {
      const given = (request.body ?? {}) as { transactions?: unknown }
      const { ids } = await recordTransactions(
        database,
        currentUser(request),
        accountIdOf(request),
        given.transactions,
        today(),
      )
      return reply.code(201).send({ ids })
    },
  )

  function uploadPage(reply: FastifyReply, account: Account, errors: FieldError[]) {
    return reply.view('accounts/views/statement-file.njk', {
      title: `Upload a statement: ${account.personName}`,
      breadcrumbs: [...BREADCRUMBS, { text: account.personName, href: `/accounts/${account.id}` }],
      account,
      errors,
    })
  }

  function linesPage(
    reply: FastifyReply,
    account: Account,
    proposed: ProposedLine[],
    problems: StatementProblem[],
    values: Form,
    errors: FieldError[],
  ) {
    return reply.view('accounts/views/statement-lines.njk', {
      title: `Check the statement’s lines: ${account.personName}`,
      breadcrumbs: [...BREADCRUMBS, { text: account.personName, href: `/accounts/${account.id}` }],
      account,
      errors,
      problems,
      count: proposed.length,
      lines: proposed.map((line, i) => ({
        ...line,
        index: i,
        include: values[`lines.${i}.include`] === 'yes',
        kindItems: KINDS_FOR[line.direction].map((kind) => ({
          value: kind,
          text: KIND_LABELS[kind],
          selected: (values[`lines.${i}.kind`] ?? line.kind) === kind,
        })),
        error: errors.find((e) => e.field === `lines.${i}.kind`),
      })),
    })
  }
}

/** The lines page's form for a file just read: every line ticked but those already recorded. */
function formValuesOf(proposed: ProposedLine[]): Form {
  return Object.fromEntries(
    proposed.flatMap((line, i) => [
      [`lines.${i}.include`, line.alreadyRecorded ? '' : 'yes'],
      [`lines.${i}.kind`, line.kind],
    ]),
  )
}

interface FormLine {
  index: number
  line: number
  include: boolean
  kind: TransactionKind
  occurredOn: string
  description: string
  amountPence: number
  alreadyRecorded: boolean
}

/**
 * The lines as the page posts them back: each line's own values come back as
 * hidden fields and are checked again as any transaction is when recorded.
 */
function linesFromForm(form: Form): FormLine[] {
  const count = Math.min(Math.max(Number(form.count) || 0, 0), TRANSACTIONS_MAX)
  return Array.from({ length: count }, (_, index) => {
    const field = (name: string) => {
      const value = form[`lines.${index}.${name}`]
      return typeof value === 'string' ? value : ''
    }
    const signed = Number(field('amountPence'))
    const direction = signed > 0 ? 'in' : 'out'
    const kind = (KINDS_FOR[direction] as readonly string[]).includes(field('kind'))
      ? (field('kind') as TransactionKind)
      : (KINDS_FOR[direction][0] as TransactionKind)
    return {
      index,
      line: Number(field('line')) || index + 2,
      include: field('include') === 'yes',
      kind,
      occurredOn: field('occurredOn'),
      description: field('description'),
      amountPence: Math.abs(signed),
      alreadyRecorded: field('alreadyRecorded') === 'yes',
    }
  })
}

/** A posted line shown again: its money signed as the file had it. */
function asProposed(line: FormLine): ProposedLine {
  const direction = KINDS_FOR.in.includes(line.kind) ? 'in' : 'out'
  return {
    line: line.line,
    occurredOn: line.occurredOn,
    description: line.description,
    amountPence: direction === 'in' ? line.amountPence : -line.amountPence,
    kind: line.kind,
    direction,
    alreadyRecorded: line.alreadyRecorded,
  }
}
