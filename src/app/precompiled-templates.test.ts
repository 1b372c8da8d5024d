import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import nunjucks from 'nunjucks'
import { afterAll, describe, expect, it } from 'vitest'
import { pristineNunjucks } from '../../test/support/pristine-nunjucks.ts'
import { installNunjucksSpeedups } from './nunjucks-speedups.ts'
import { createNunjucks, TEMPLATE_PATHS } from './plugins/views.ts'
import {
  precompiledTemplatesDir,
  precompileTemplates,
  usePrecompiledTemplates,
} from './precompiled-templates.ts'

// A copy of Nunjucks of its own, set up as the service's, so that using precompiled templates here
// changes nothing for other tests.
const copy = pristineNunjucks()
installNunjucksSpeedups(copy)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-precompiled-'))
const dir = path.join(work, 'templates')
const ownTemplates = path.join(work, 'views')
fs.mkdirSync(ownTemplates)
fs.writeFileSync(path.join(ownTemplates, 'note.njk'), '<p>{{ text }}</p>')
const searchPaths = [...TEMPLATE_PATHS, ownTemplates]
const count = precompileTemplates(copy, createNunjucks(copy), searchPaths, dir)
usePrecompiledTemplates(copy, dir)
const precompiled = createNunjucks(copy)
const notes = () => new copy.Environment(new copy.FileSystemLoader(ownTemplates), { autoescape: true })
const compiledAfresh = createNunjucks()

const context = {
  title: 'A <page>',
  csrfToken: 't',
  cspNonce: 'n',
  user: { displayName: 'Sam', role: 'practitioner', councilName: 'Demoshire', councilSynthetic: true },
  navigation: [{ href: '/', text: 'Home', active: true }],
  rows: [{ id: 'r1', personId: 'p1', personName: 'Ann & Bob', requestedOn: '2026-01-02', daysOpen: 3 }],
  person: { name: "Mei O'Sharma", href: '/people/p1', dateOfBirth: '1933-06-28', age: 93 },
  timeline: [{ label: 'Request', startOn: '2026-01-02', outcome: 'Assessment', source: 'ascend' }],
}

afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

describe('templates compiled at install', () => {
  it('are every template GOV.UK, MoJ and ASCEND have', () => {
    const templates = searchPaths.flatMap((p) =>
      fs.readdirSync(p, { recursive: true }).filter((f) => String(f).endsWith('.njk')),
    )
    expect(count).toBe(templates.length)
    expect(fs.readdirSync(dir)).toHaveLength(count)
  })

  it.each([
    'identity/views/sign-in.njk',
    'requests/views/caseload.njk',
    'people/views/person.njk',
    'people/views/search.njk',
    'error.njk',
  ])('%s renders as when compiled afresh', (page) => {
    expect(precompiled.render(page, context)).toBe(compiledAfresh.render(page, context))
  })

  it('are what a template is made from', () => {
    const [file] = fs.readdirSync(dir).filter((name) => {
      const code = fs.readFileSync(path.join(dir, name), 'utf8')
      return code.includes('"<p>"') && code.includes('"text"')
    })
    if (!file) throw new Error('note.njk was not precompiled')
    const code = fs.readFileSync(path.join(dir, file), 'utf8')
    fs.writeFileSync(path.join(dir, file), code.replace('"<p>"', '"<p class=\\"from-install\\">"'))
    expect(notes().render('note.njk', { text: 'hi' })).toBe('<p class="from-install">hi</p>')
  })

  it('are not used for a template changed since: it is compiled afresh', () => {
    fs.writeFileSync(path.join(ownTemplates, 'note.njk'), '<div>{{ text }}</div>')
    expect(notes().render('note.njk', { text: 'hi' })).toBe('<div>hi</div>')
  })

  it('are used only by the compiled copy of ASCEND', () => {
    // These tests run the TypeScript, whose Nunjucks set-up may differ from the copy's.
    expect(precompiledTemplatesDir()).toBeUndefined()
    expect(nunjucks).not.toBe(copy)
  })
})
