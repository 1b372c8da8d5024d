import nunjucks from 'nunjucks'
import { describe, expect, it } from 'vitest'
import { createNunjucks } from './views.ts'

describe('the trim filter ASCEND gives Nunjucks', () => {
  const env = createNunjucks()
  it.each([
    ['plain text, escaped as before', '  <b>x</b>  ', '&lt;b&gt;x&lt;/b&gt;'],
    ['safe HTML stays safe', new nunjucks.runtime.SafeString('  <b>x</b>  '), '<b>x</b>'],
    ['every kind of whitespace at either end', '\n\t x y \u00a0\r\n\u2003', 'x y'],
    ['whitespace inside is kept', 'a  \n  b', 'a  \n  b'],
    ['a number becomes its text', 42, '42'],
  ])('%s', (_what, value, expected) => {
    expect(env.renderString('{{ value | trim }}', { value })).toBe(expected)
  })
})
