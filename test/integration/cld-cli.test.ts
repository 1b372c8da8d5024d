import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../src/cli/main.ts'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/cld/${name}`, import.meta.url))

/** Runs the CLI in this process on a data folder of its own, capturing what it prints. */
async function ascend(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const log = vi.spyOn(console, 'log').mockImplementation((...args) => void out.push(args.join(' ')))
  const error = vi.spyOn(console, 'error').mockImplementation((...args) => void err.push(args.join(' ')))
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    const code = await main(argv)
    return { code, out: out.join('\n'), err: err.join('\n') }
  } finally {
    log.mockRestore()
    error.mockRestore()
    stderr.mockRestore()
  }
}

describe('ascend import cld and ascend export cld', () => {
  let dir: string
  const saved = { ...process.env }
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-cld-cli-'))
    process.env.ASCEND_DATA_DIR = path.join(dir, 'data')
    delete process.env.DATABASE_URL
    expect((await ascend('council', 'add', '--code', 'TESTA', '--name', 'Test council A')).code).toBe(0)
  })
  afterAll(() => {
    process.env = saved
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('imports a file, prints a summary and writes the problem report', async () => {
    const report = path.join(dir, 'problems.csv')
    const result = await ascend(
      'import',
      'cld',
      fixture('malformed.csv'),
      '--council',
      'testa',
      '--report',
      report,
    )
    expect(result.code).toBe(0)
    expect(result.out).toMatch(/Rows read:\s+11/)
    expect(result.out).toMatch(/Rows loaded:\s+5/)
    expect(result.out).toMatch(/Rows with problems:\s+9/)
    expect(result.out).toMatch(/Rows dropped:\s+6/)
    // No one's death left anything open in ASCEND (the council records nothing of its own here).
    expect(result.out).not.toContain('support open in ASCEND')
    const lines = fs.readFileSync(report, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('line,field,value,problem,action')
    expect(lines.map((line) => line.split(',')[0])).toEqual([
      'line',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '10',
      '13',
    ])
  })

  it('fails a file that is not CLD, saying why (exit 1)', async () => {
    const result = await ascend('import', 'cld', fixture('wrong-headers.csv'), '--council', 'TESTA')
    expect(result.code).toBe(1)
    expect(result.err).toContain(
      'The header is missing columns every CLD file must have: Event_Type, Event_Start_Date.',
    )
  })

  it('exports the rolling year ending with a quarter, checked before it is written', async () => {
    expect((await ascend('import', 'cld', fixture('release-2.csv'), '--council', 'TESTA')).code).toBe(0)
    const out = path.join(dir, 'cld-2025-26-q4.csv')
    const result = await ascend(
      'export',
      'cld',
      '--council',
      'TESTA',
      '--quarter',
      '2025-26-Q4',
      '--out',
      out,
    )
    expect(result.code).toBe(0)
    expect(result.out).toContain('1 April 2025 to 31 March 2026')
    expect(fs.existsSync(`${out}.partial`)).toBe(false)
    const rows = fs.readFileSync(out, 'utf8').trim().split('\n')
    expect(rows[0]?.startsWith('LA_Code,')).toBe(true)
    expect(rows.length).toBeGreaterThan(9)
  })

  it.each([
    [['import', 'hsds', 'x.csv', '--council', 'TESTA'], /Only CLD files/],
    [['import', 'cld', '--council', 'TESTA'], /Give one FILE/],
    [['import', 'cld', 'no-such-file.csv', '--council', 'TESTA'], /There is no file/],
    [['import', 'cld', fixture('release-2.csv')], /Give --council/],
    [['export', 'cld', '--council', 'TESTA', '--quarter', '2025-Q2', '--out', 'x.csv'], /Give --quarter/],
    [['export', 'cld', '--council', 'TESTA', '--quarter', '2025-26-Q2'], /Give --out/],
  ])('refuses %j with a usage message (exit 2)', async (argv, message) => {
    const result = await ascend(...argv)
    expect(result.code).toBe(2)
    expect(result.err).toMatch(message)
  })

  it('names an unknown council (exit 1)', async () => {
    const result = await ascend('import', 'cld', fixture('release-2.csv'), '--council', 'NOPE')
    expect(result.code).toBe(1)
    expect(result.err).toContain('There is no council with code NOPE.')
  })
})
