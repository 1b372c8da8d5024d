/**
 * The scheme of delegation's rules as a form: shown on the administrator's
 * page that changes the scheme and on the page that replays a period's
 * requests under a scheme someone is weighing. Both post the same fields and
 * the same buttons (add, move, remove a rule).
 */
import { SERVICE_TYPES } from '../../kernel/code-lists/cld.ts'
import type { FieldError } from '../../kernel/problem.ts'
import { repeatedFields } from '../../kernel/repeated-fields.ts'
import { AUTHORITY_LEVELS, LEVEL_LABELS } from './delegation.ts'
import { blankRule, type RuleForm } from './inputs.ts'

/**
 * The rules as they will be shown again after a button that edits them, or
 * undefined for any other button (save, replay).
 *
 * @example
 * editRules(rules, 'remove-0') // the rules without the first
 */
export function editRules(rules: RuleForm[], action: string | undefined): RuleForm[] | undefined {
  if (action === 'add-rule') return [...rules, blankRule()].slice(0, 30)
  const match = /^(remove|up|down)-(\d+)$/.exec(action ?? '')
  if (!match) return undefined
  const i = Number(match[2])
  const copy = [...rules]
  if (match[1] === 'remove') copy.splice(i, 1)
  else {
    const j = match[1] === 'up' ? i - 1 : i + 1
    if (j >= 0 && j < copy.length && i < copy.length)
      [copy[i], copy[j]] = [copy[j] as RuleForm, copy[i] as RuleForm]
  }
  return copy
}

/**
 * Each rule as `decisions/views/_scheme-rules.njk` shows it: its fields'
 * names, ids, values, choices and errors.
 *
 * @example
 * reply.view('decisions/views/delegation-scheme.njk', { rules: ruleFieldsView(rules, errors), ruleCount: rules.length })
 */
export function ruleFieldsView(rules: RuleForm[], errors: FieldError[]) {
  return rules.map((rule, i) => {
    return {
      ...repeatedFields('rules', i, errors),
      first: i === 0,
      last: i === rules.length - 1,
      values: rule,
      levels: [
        { value: '', text: 'Choose who decides', selected: rule.level === '' },
        ...AUTHORITY_LEVELS.map((l) => ({ value: l, text: LEVEL_LABELS[l], selected: rule.level === l })),
      ],
      serviceTypes: SERVICE_TYPES.map((t) => ({
        value: t,
        text: t,
        checked: rule.serviceTypes.includes(t),
      })),
    }
  })
}
