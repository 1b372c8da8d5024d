import { z } from 'zod'
import { type DateInput, todayOrLater } from '../../kernel/date-input.ts'
import { absent } from '../../kernel/validation.ts'
import { optionalText } from './inputs.ts'
import { DECLINE_REASONS } from './offer-rules.ts'

/*
 * An offer of a plan's line to a provider, and the provider's reply, as the
 * API sends them and as the forms do (the forms' date boxes read into ISO
 * dates first).
 */

export const OFFER_START: DateInput = {
  field: 'startOn',
  name: 'Start date',
  missing: 'Enter the date the care should start',
}
export const ACCEPTED_START: DateInput = {
  field: 'acceptedStartOn',
  name: 'Start date',
  missing: 'Enter the date you can start',
}
export const MESSAGE_MAX = 1000

/**
 * An offer: which line of the plan, to which provider, from when.
 *
 * @example
 * parseInput(offerSchema('2026-06-15'), { linePosition: 1, providerId, startOn: '2026-06-22' })
 */
export const offerSchema = (today: string) =>
  z.object({
    linePosition: z.preprocess(
      absent,
      z.coerce
        .number({ error: 'Choose a line of the plan' })
        .int({ error: 'Choose a line of the plan' })
        .min(1, { error: 'Choose a line of the plan' }),
    ),
    providerId: z.preprocess(absent, z.uuid({ error: 'Choose a provider from the directory' })),
    startOn: z.preprocess(absent, todayOrLater(OFFER_START, today)),
    message: optionalText(MESSAGE_MAX, 'message for the provider'),
  })
export type OfferInput = z.output<ReturnType<typeof offerSchema>>

/**
 * A provider's reply: accept from a date, or decline with a reason (and the
 * reason in words when it is another one).
 *
 * @example
 * parseInput(replySchema('2026-06-15'), { decision: 'decline', declineReason: 'no_capacity' })
 */
export const replySchema = (today: string) =>
  z
    .discriminatedUnion(
      'decision',
      [
        z.object({
          decision: z.literal('accept'),
          acceptedStartOn: z.preprocess(absent, todayOrLater(ACCEPTED_START, today)),
        }),
        z.object({
          decision: z.literal('decline'),
          declineReason: z.preprocess(
            absent,
            z.enum(DECLINE_REASONS, { error: 'Choose why you cannot take this package' }),
          ),
          declineDetails: optionalText(MESSAGE_MAX, 'reason'),
        }),
      ],
      { error: 'Choose whether you can take this package' },
    )
    .superRefine((reply, context) => {
      if (reply.decision === 'decline' && reply.declineReason === 'other' && !reply.declineDetails)
        context.addIssue({ code: 'custom', path: ['declineDetails'], message: 'Say why you cannot take it' })
    })
export type ReplyInput = z.output<ReturnType<typeof replySchema>>

/** Withdrawing an offer, with why (optional: the provider sees it). */
export const withdrawSchema = z.object({ withdrawnReason: optionalText(MESSAGE_MAX, 'reason') })
