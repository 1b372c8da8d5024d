import { describe, expect, it } from 'vitest'
import { hashOfSecret, isSecretShaped, newSecret } from './secret-token.ts'

describe('secrets', () => {
  it('are 43 characters of base64url, each new one different, and hash the same every time', () => {
    const a = newSecret()
    const b = newSecret()
    expect(isSecretShaped(a)).toBe(true)
    expect(a).not.toBe(b)
    expect(hashOfSecret(a)).toBe(hashOfSecret(a))
    expect(hashOfSecret(a)).not.toBe(hashOfSecret(b))
    expect(hashOfSecret('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0')
  })

  it.each([
    ['too short', 'abc', false],
    ['a character outside base64url', `${'a'.repeat(42)}=`, false],
    ['43 base64url characters', `${'a'.repeat(40)}-_Z`, true],
  ])('%s: %s', (_name, value, shaped) => {
    expect(isSecretShaped(value)).toBe(shaped)
  })
})
