import { describe, expect, it } from 'vitest'
import { EVENT_OUTCOMES } from '../../kernel/code-lists/cld.ts'
import { closesRequest, requestState, requestStatusText, TRIAGE_OUTCOMES } from './rules.ts'

describe('triage outcomes', () => {
  it('offers every Release 2 outcome but the Release 1 placeholder', () => {
    expect(TRIAGE_OUTCOMES).toHaveLength(EVENT_OUTCOMES.length - 1)
    expect(TRIAGE_OUTCOMES).not.toContain('Release 1 specification only: Not mapped')
  })

  it.each([
    ['NFA: Information and advice or signposting', true],
    ['NFA: Support declined', true],
    ['NFA: Deceased', true],
    ['Progress to assessment, review or reassessment', false],
    ['Progress to reablement/ST-Max', false],
    ['Progress to support planning or services', false],
    ['Admitted to hospital', false],
    ['Continuation of support or services', false],
  ])('%s closes the request: %s', (outcome, closes) => {
    expect(closesRequest(outcome)).toBe(closes)
  })

  it('closes on every NFA outcome of the code list and on nothing else', () => {
    for (const outcome of TRIAGE_OUTCOMES) expect(closesRequest(outcome)).toBe(outcome.startsWith('NFA:'))
  })
})

describe('request state and status', () => {
  it.each([
    [{ closedOn: '2026-06-01', workerId: 'u1', workerName: 'Sam', teamName: 'North' }, 'closed', 'Closed'],
    [
      { closedOn: null, workerId: 'u1', workerName: 'Sam Okafor', teamName: 'North' },
      'allocated',
      'Allocated to Sam Okafor',
    ],
    [
      { closedOn: null, workerId: null, workerName: null, teamName: 'North' },
      'unallocated',
      'Unallocated, in North’s queue',
    ],
    [{ closedOn: null, workerId: null, workerName: null, teamName: null }, 'unallocated', 'Unallocated'],
  ])('%o is %s', (request, state, text) => {
    expect(requestState(request)).toBe(state)
    expect(requestStatusText(request)).toBe(text)
  })
})
