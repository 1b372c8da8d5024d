import { z } from 'zod'
import type { Config } from '../config.ts'
import { recordAudit } from '../modules/audit/store.ts'
import { hashPassword } from '../modules/identity/passwords.ts'
import { isRole, ROLES } from '../modules/identity/roles.ts'
import { addTeam, addUser, findCouncilByCode, findUserByEmail, listTeams } from '../modules/identity/store.ts'
import { MIN_PASSWORD_LENGTH } from '../modules/identity/user-inputs.ts'
import { parseOptions, UsageError } from './main.ts'
import { openDatabase } from './open-database.ts'

/** `ascend user add --council CODE --email E --role R --password-stdin` */
export async function userCommand(
  config: Config,
  args: string[],
  stdin: NodeJS.ReadableStream = process.stdin,
) {
  const { positionals, values } = parseOptions(args, {
    council: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    team: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  })
  if (positionals[0] !== 'add') {
    throw new UsageError('Usage: ascend user add --council CODE --email E --role ROLE --password-stdin')
  }
  if (!values.council) throw new UsageError('Give --council: the council’s code')
  const email = values.email?.trim().toLowerCase() ?? ''
  if (!z.email().safeParse(email).success) throw new UsageError('Give --email: an email address')
  if (!values.role || !isRole(values.role)) throw new UsageError(`Give --role: one of ${ROLES.join(', ')}`)
  if (values.role === 'provider')
    throw new UsageError('A provider user belongs to a provider in the directory: add them on the Users page')
  if (!values['password-stdin']) {
    throw new UsageError(
      'Give --password-stdin and pipe the password in, so it stays out of the shell history',
    )
  }
  const password = (await readAll(stdin)).replace(/\r?\n$/, '')
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  }
  const database = await openDatabase(config, 'ascend user add')
  try {
    const council = await findCouncilByCode(database.db, values.council)
    if (!council) {
      console.error(
        `No council has the code ${values.council.toUpperCase()}: add it with "ascend council add"`,
      )
      return 1
    }
    if (await findUserByEmail(database.db, email)) {
      console.error(`A user with the email ${email} already exists`)
      return 1
    }
    const passwordHash = await hashPassword(password)
    const role = values.role
    await database.db.transaction().execute(async (tx) => {
      let teamId: string | null = null
      if (values.team) {
        const team = (await listTeams(tx, council.id)).find((t) => t.name === values.team)
        teamId = team?.id ?? (await addTeam(tx, council.id, values.team)).id
      }
      const user = await addUser(tx, {
        councilId: council.id,
        email,
        displayName: values.name?.trim() || email,
        role,
        passwordHash,
        teamId,
      })
      await recordAudit(tx, {
        councilId: council.id,
        userId: null,
        action: 'create',
        recordType: 'user',
        recordId: user.id,
        detail: { email, role, by: 'cli' },
      })
    })
    console.log(`Added ${role} ${email} to ${council.code}`)
    return 0
  } finally {
    await database.close()
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}
