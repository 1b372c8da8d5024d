import type { Config } from '../config.ts'
import { addCouncil, findCouncilByCode } from '../modules/identity/store.ts'
import { parseOptions, UsageError } from './main.ts'
import { openDatabase } from './open-database.ts'

/** `ascend council add --code CODE --name NAME` */
export async function councilCommand(config: Config, args: string[]): Promise<number> {
  const { positionals, values } = parseOptions(args, {
    code: { type: 'string' },
    name: { type: 'string' },
    synthetic: { type: 'boolean' },
  })
  if (positionals[0] !== 'add') throw new UsageError('Usage: ascend council add --code CODE --name NAME')
  const code = values.code?.trim()
  const name = values.name?.trim()
  if (!code || !/^[A-Za-z0-9_-]{2,12}$/.test(code)) {
    throw new UsageError(
      'Give --code: 2 to 12 letters, digits, hyphens or underscores (for example E10000034)',
    )
  }
  if (!name) throw new UsageError('Give --name: the council’s name')
  const database = await openDatabase(config, 'ascend council add')
  try {
    if (await findCouncilByCode(database.db, code)) {
      console.error(`A council with code ${code.toUpperCase()} already exists`)
      return 1
    }
    const council = await addCouncil(database.db, { code, name, synthetic: values.synthetic === true })
    console.log(`Added council ${council.code}: ${council.name}`)
    return 0
  } finally {
    await database.close()
  }
}
