import { z } from 'zod'
import { ValidationProblem } from '../../kernel/problem.ts'
import { absent, fieldErrors } from '../../kernel/validation.ts'
import { ROLE_LABELS, ROLES, type Role } from './roles.ts'

/*
 * A user as an administrator adds or changes them, and a password as its
 * user sets it, with GOV.UK messages.
 */

export const NAME_MAX = 200
export const MIN_PASSWORD_LENGTH = 10
/** Longer passwords cost argon2 nothing much, but a limit keeps a request's work bounded. */
const MAX_PASSWORD_LENGTH = 200

/** Roles whose work is a team's: they must belong to one. */
export const TEAM_ROLES: readonly Role[] = ['practitioner', 'team_manager']

export const userSchema = z.object({
  displayName: z.preprocess(
    absent,
    z
      .string({ error: 'Enter the user’s name' })
      .max(NAME_MAX, { error: `The name must be ${NAME_MAX} characters or fewer` }),
  ),
  email: z.preprocess(
    (value) => (typeof absent(value) === 'string' ? (absent(value) as string).toLowerCase() : absent(value)),
    z.email({ error: 'Enter an email address like name@council.gov.uk' }).max(254),
  ),
  role: z.enum(ROLES, { error: 'Choose what the user does' }),
  teamId: z.preprocess(absent, z.uuid({ error: 'Choose a team' }).optional()),
  providerId: z.preprocess(absent, z.uuid({ error: 'Choose the provider' }).optional()),
})
export type UserInput = z.output<typeof userSchema>

/**
 * A user as sent, checked field by field and, whatever else is wrong, for a
 * team where the role needs one: every problem is reported at once.
 *
 * @example
 * parseUserInput({ displayName: 'Ada', email: 'ada@council.gov.uk', role: 'practitioner' }) // throws: choose the team
 */
export function parseUserInput(body: unknown): UserInput {
  const result = userSchema.safeParse(body ?? {})
  const errors = result.success ? [] : fieldErrors(result.error)
  const given = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const role = ROLES.find((r) => r === given.role)
  if (role && TEAM_ROLES.includes(role) && absent(given.teamId) === undefined)
    errors.push({
      field: 'teamId',
      message: `Choose the team: a ${ROLE_LABELS[role].toLowerCase()} works in one`,
    })
  if (role === 'provider' && absent(given.providerId) === undefined)
    errors.push({ field: 'providerId', message: 'Choose the provider in the directory this user works for' })
  if (errors.length > 0 || !result.success) throw new ValidationProblem(errors)
  // Only a provider user belongs to a provider.
  return { ...result.data, providerId: result.data.role === 'provider' ? result.data.providerId : undefined }
}

/**
 * A new password, typed twice. Long enough, not the email address, and the
 * same both times.
 *
 * @example
 * parseInput(passwordSchema('ada@council.gov.uk'), { password, confirmPassword })
 */
export const passwordSchema = (email: string) =>
  z
    .object({
      password: z
        .string({ error: 'Enter a password' })
        .min(1, { error: 'Enter a password' })
        .min(MIN_PASSWORD_LENGTH, {
          error: `The password must be at least ${MIN_PASSWORD_LENGTH} characters`,
        })
        .max(MAX_PASSWORD_LENGTH, {
          error: `The password must be ${MAX_PASSWORD_LENGTH} characters or fewer`,
        })
        .refine((p) => p.trim().toLowerCase() !== email.toLowerCase(), {
          error: 'The password must not be your email address',
        }),
      confirmPassword: z
        .string({ error: 'Enter the password again' })
        .min(1, { error: 'Enter the password again' }),
    })
    .superRefine((given, context) => {
      if (given.confirmPassword && given.password && given.confirmPassword !== given.password)
        context.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'The passwords do not match' })
    })
