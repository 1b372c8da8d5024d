import fc from 'fast-check'
import { describe } from 'vitest'
import { type Described, object, plain } from '../../test/support/described-values.ts'
import { attributesValue, fieldValue, itRendersAsGovukDoes } from '../../test/support/mirrored-macro-tests.ts'
import { BUTTON } from './govuk-button.ts'

const text = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    '&',
    '<b>',
    '"',
    "'",
    '\\',
    'a\nb',
    ' <span>x</span>\n  y ',
    'govuk-button--secondary',
  ),
)
const simple = fieldValue(text)
const attributes = attributesValue(['data-qa', 'formnovalidate', 'a"b'], simple)
const button = fc
  .record(
    {
      text: simple,
      html: simple,
      href: simple,
      classes: simple,
      id: simple,
      attributes,
      type: simple,
      name: simple,
      value: simple,
      disabled: simple,
      preventDoubleClick: simple,
      isStartButton: fc.oneof(
        { weight: 4, arbitrary: fc.constant(plain(false)) },
        { weight: 1, arbitrary: simple },
      ),
    },
    { requiredKeys: [] },
  )
  .map(object)

const CALLS = [
  'govukButton(a)',
  'govukButton()',
  'govukButton(a, a)',
  'govukButton(text=a.text)',
  'govukButton(a.text)',
]

describe('GOV.UK’s govukButton macro in JavaScript', () =>
  itRendersAsGovukDoes({
    ...BUTTON,
    argument: button,
    calls: CALLS,
    examples: [
      [
        'a form’s button',
        object({ text: plain('Save & continue') }),
        '<button type="submit" class="govuk-button" data-module="govuk-button">\n  Save &amp; continue\n</button>',
      ],
      [
        'a link styled as a button',
        object({
          text: plain('Start an assessment'),
          href: plain('/people/1/assessments/new'),
          classes: plain('govuk-button--secondary'),
        }),
        '<a href="/people/1/assessments/new" role="button" draggable="false" class="govuk-button govuk-button--secondary" data-module="govuk-button">\n  Start an assessment\n</a>',
      ],
      [
        'a disabled button that guards against double clicks',
        object({
          text: plain('Send'),
          disabled: plain(true),
          preventDoubleClick: plain(true),
          name: plain('action'),
          value: plain('send'),
        }),
        'value="send" name="action" disabled aria-disabled="true" data-prevent-double-click="true" class="govuk-button"',
      ],
      [
        'a start button, by GOV.UK’s macro',
        object({ text: plain('Start now'), href: plain('/start'), isStartButton: plain(true) }),
        'govuk-button__start-icon',
      ],
    ] as [string, Described, string][],
  }))
