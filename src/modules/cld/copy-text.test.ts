import { describe, expect, it } from 'vitest'
import { CopyRows, copyValue } from './copy-text.ts'

describe('COPY text', () => {
  it('writes null as \\N and escapes backslashes, tabs and line breaks', () => {
    expect(copyValue(null)).toBe('\\N')
    expect(copyValue(undefined)).toBe('\\N')
    expect(copyValue(12.5)).toBe('12.5')
    expect(copyValue('NULL')).toBe('NULL')
    expect(copyValue('')).toBe('')
    expect(copyValue('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re')
  })

  it('writes a row a line, values separated by tabs', () => {
    const rows = new CopyRows()
    expect(rows.toString()).toBe('')
    rows.push(['a', null, 3])
    rows.push(['b\tc', '', null])
    expect(rows.length).toBe(2)
    expect(rows.toString()).toBe('a\t\\N\t3\nb\\tc\t\t\\N\n')
  })
})
