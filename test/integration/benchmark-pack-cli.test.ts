import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { councilCommand } from '../../src/cli/council-command.ts'
import { UsageError } from '../../src/cli/main.ts'
import { readConfig } from '../../src/config.ts'
import { exportPackCommand, importPackCommand } from '../../src/modules/benchmarking/pack-command.ts'
import { readPack, readPackText } from '../../src/modules/benchmarking/pack-format.ts'

describe('ascend export and import benchmark-pack', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-packs-'))
  const config = readConfig({}, { dataDir: path.join(dir, 'data'), logLevel: 'silent' })
  const out = (name: string) => path.join(dir, name)
  const errors: string[] = []
  const logs: string[] = []

  beforeAll(async () => {
    vi.spyOn(console, 'log').mockImplementation((...args) => void logs.push(args.join(' ')))
    vi.spyOn(console, 'error').mockImplementation((...args) => void errors.push(args.join(' ')))
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    expect(await councilCommand(config, ['add', '--code', 'NTH', '--name', 'Northshire Council'])).toBe(0)
    expect(await councilCommand(config, ['add', '--code', 'SOU', '--name', 'Southshire Council'])).toBe(0)
  }, 120_000)
  afterAll(() => {
    vi.restoreAllMocks()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('writes a council’s pack for the latest complete year by default', async () => {
    expect(
      await exportPackCommand(config, ['--council', 'nth', '--out', out('NTH.json')], '2026-06-15'),
    ).toBe(0)
    const pack = readPack(JSON.parse(fs.readFileSync(out('NTH.json'), 'utf8')))
    expect(pack).toMatchObject({ council: { code: 'NTH', name: 'Northshire Council' }, year: '2025-26' })
    expect(logs.at(-1)).toMatch(
      /^Wrote .*NTH\.json: Northshire Council, 2025-26, \d+ measures, \d+ suppressed\.$/,
    )
  })

  it('writes CSV for a .csv file and for --format csv, and one pack per council with --all', async () => {
    expect(
      await exportPackCommand(config, ['--council', 'SOU', '--year', '2024-25', '--out', out('SOU.csv')]),
    ).toBe(0)
    expect(readPackText(fs.readFileSync(out('SOU.csv'), 'utf8')).year).toBe('2024-25')
    expect(
      await exportPackCommand(config, ['--all', '--year', '2024-25', '--out', out('all'), '--format', 'csv']),
    ).toBe(0)
    expect(fs.readdirSync(out('all')).sort()).toEqual(['NTH-2024-25.csv', 'SOU-2024-25.csv'])
  })

  it('imports a peer’s pack for a council, and refuses its own and another version’s, saying why', async () => {
    expect(await importPackCommand(config, [out('NTH.json'), '--council', 'SOU'])).toBe(0)
    expect(logs.at(-1)).toMatch(
      /^Imported the 2025-26 pack of Northshire Council \(NTH\) for Southshire Council: /,
    )
    expect(await importPackCommand(config, [out('NTH.json'), '--council', 'SOU'])).toBe(0)
    expect(logs.at(-1)).toContain('replacing the one it held')

    expect(await importPackCommand(config, [out('NTH.json'), '--council', 'NTH'])).toBe(1)
    expect(errors.at(-1)).toContain('This is your own council’s pack (NTH)')

    const v2 = JSON.parse(fs.readFileSync(out('NTH.json'), 'utf8'))
    v2.version = 2
    fs.writeFileSync(out('v2.json'), JSON.stringify(v2))
    expect(await importPackCommand(config, [out('v2.json'), '--council', 'SOU'])).toBe(1)
    expect(errors.at(-1)).toContain(
      'This pack is version 2; ASCEND reads version 1 packs. Ask Northshire Council to export it again as a version 1 pack.',
    )
    expect(await importPackCommand(config, [out('NTH.json'), '--council', 'NOPE'])).toBe(1)
    expect(errors.at(-1)).toBe('There is no council with code NOPE.')
  })

  it.each([
    [['--out', 'x.json']],
    [['--council', 'NTH', '--all', '--out', 'x']],
    [['--council', 'NTH']],
    [['--council', 'NTH', '--out', 'x.json', '--year', '2024-26']],
    [['--council', 'NTH', '--out', 'x.json', '--format', 'xml']],
  ])('export refuses %j with the usage', async (args) => {
    await expect(exportPackCommand(config, args)).rejects.toThrow(UsageError)
  })

  it.each([[[]], [['pack.json']], [[path.join(os.tmpdir(), 'no-such-pack.json'), '--council', 'NTH']]])(
    'import refuses %j with the usage',
    async (args) => {
      await expect(importPackCommand(config, args)).rejects.toThrow(UsageError)
    },
  )
})
