import type nunjucks from 'nunjucks'

/**
 * A value described once and made for either copy of Nunjucks (each has its
 * own SafeString): how the tests of GOV.UK's macros in JavaScript give the
 * same arguments to ASCEND's Nunjucks and to a pristine one.
 */
export type Described =
  | { kind: 'plain'; value: unknown }
  | { kind: 'safe'; text: string }
  | { kind: 'options'; value: Described; optional: unknown }
  | { kind: 'object'; entries: [string, Described][] }
  | { kind: 'array'; items: Described[] }
  | { kind: 'map'; entries: [string, Described][] }

/** The value `described` stands for, made with `engine`'s SafeString. */
export function make(described: Described, engine: typeof nunjucks): unknown {
  switch (described.kind) {
    case 'plain':
      return described.value
    case 'safe':
      return new engine.runtime.SafeString(described.text)
    case 'options':
      return { value: make(described.value, engine), optional: described.optional }
    case 'object':
      return Object.fromEntries(described.entries.map(([name, value]) => [name, make(value, engine)]))
    case 'array':
      return described.items.map((item) => make(item, engine))
    case 'map':
      return new Map(described.entries.map(([name, value]) => [name, make(value, engine)]))
  }
}

export const plain = (value: unknown): Described => ({ kind: 'plain', value })
export const object = (fields: Record<string, Described>): Described => ({
  kind: 'object',
  entries: Object.entries(fields),
})
export const array = (items: Described[]): Described => ({ kind: 'array', items })
