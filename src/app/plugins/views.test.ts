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

describe('Nunjucks variables, set without splitting names each time', () => {
  // Expected: what stock Nunjucks renders (checked with an environment without the change).
  const env = createNunjucks()
  it.each([
    [
      'loop variables',
      '{% for x in [1, 2, 3] %}{{ loop.index }}{{ loop.first }}{{ loop.last }}-{% endfor %}',
      'x',
      '1truefalse-2falsefalse-3falsetrue-',
    ],
    [
      'nested loops keep their own',
      '{% for a in [1, 2] %}{% for b in [1, 2] %}{{ loop.index }}{% endfor %}{{ loop.index }}|{% endfor %}',
      'x',
      '121|122|',
    ],
    [
      'a set in a loop reaches the variable outside it, as Nunjucks does',
      '{% set n = 0 %}{% for x in [1, 2] %}{% set n = x %}{% endfor %}{{ n }}',
      'x',
      '2',
    ],
    ['a set at the top level', '{% set a = value %}{{ a }}{% set a = a + "!" %}{{ a }}', 'hi', 'hihi!'],
    [
      'a macro sets its own',
      '{% macro m(v) %}{% set w = v + 1 %}{{ w }}{% endmacro %}{{ m(1) }}{{ w }}',
      'x',
      '2',
    ],
    ['a falsy value in the way of a dotted name', '{% for x in [1] %}{{ loop.length }}{% endfor %}', 0, '1'],
  ])('%s', (_what, template, value, expected) => {
    expect(env.renderString(template, { value, loop: value })).toBe(expected)
  })
})
