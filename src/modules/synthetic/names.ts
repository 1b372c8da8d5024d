/**
 * Words for synthetic records: common given and family names of people in
 * England (combined at random, so no real person is meant), and short
 * phrases of the kind practitioners write. Nothing here is taken from a
 * real record.
 */

export const FEMALE_GIVEN_NAMES: readonly string[] = `
  Margaret Patricia Joan Dorothy Barbara Jean Maureen Sheila Brenda Pauline Irene Doreen
  Elizabeth Mary Susan Linda Christine Janet Valerie Ann Sarah Emma Claire Rachel
  Helen Nicola Lisa Amy Chloe Sophie Aisha Fatima Priya Amrit Shabana Grace
  Blessing Mei Agnieszka Siobhan
`
  .trim()
  .split(/\s+/)

export const MALE_GIVEN_NAMES: readonly string[] = `
  John David Michael Peter Robert Brian Kenneth Alan Raymond Derek Ronald Geoffrey
  Keith Terence William George Frank Colin Roy Dennis James Paul Mark Andrew
  Stephen Daniel Thomas Matthew Liam Ryan Mohammed Imran Rajesh Sanjay Tariq Kwame
  Emeka Wei Piotr Declan
`
  .trim()
  .split(/\s+/)

export const NEUTRAL_GIVEN_NAMES: readonly string[] = `
  Alex Sam Jordan Charlie Robin Jamie Morgan Ashley
`
  .trim()
  .split(/\s+/)

export const FAMILY_NAMES: readonly string[] = `
  Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans
  Walker White Roberts Green Hall Wood Jackson Clarke Patel Hughes Edwards Turner
  Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan
  Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell
  Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards
  Khan Ali Hussain Begum Ahmed Singh Kaur Sharma Okafor Mensah Adeyemi Campbell
  Chen Wong Nowak Kowalski O'Brien Murray Reid Fletcher
`
  .trim()
  .split(/\s+/)

/** What people ask for when they first contact the council. */
export const WHAT_WAS_ASKED = {
  older: [
    'Help with washing and dressing after a fall at home',
    'Daughter worried her mother is not eating properly',
    'Struggling with the stairs; asking about equipment',
    'Coming home from hospital after a hip operation and needs help',
    'Memory getting worse; family asking what help there is',
    'Husband was the main carer and has gone into hospital',
    'Asking about a care home place',
    'GP referral: living alone and increasingly unsteady',
    'Neighbour concerned that the house is cold and untidy',
    'Needs help getting in and out of the bath',
  ],
  workingAge: [
    'Support to live more independently',
    'Help with personal care after a stroke',
    'Asking about a direct payment to employ a personal assistant',
    'Leaving hospital after a mental health admission',
    'Help to manage money and bills',
    'Becoming more isolated since losing work',
    'Needs adaptations after a spinal injury',
    'Moving on from children’s services at 18',
  ],
  carer: [
    'Carer for her husband asking for a break',
    'Caring for a parent and finding it hard to keep working',
    'Carer asking what support there is for carers',
    'Caring for an adult son and not sleeping',
  ],
} as const

export const STRENGTHS = [
  'Knows what matters to them and says so clearly',
  'Manages own medication with a dosette box',
  'Close to family who visit most days',
  'Enjoys cooking and can make light meals',
  'Walks to the local shop with a stick',
  'Good sense of humour; keen to stay at home',
  'Uses a tablet to video-call grandchildren',
  'Motivated to regain independence after hospital',
  'Active member of a faith community',
  'Can direct their own care and support',
] as const

export const COMMUNITY_ASSETS = [
  'Lunch club at the community centre on Tuesdays',
  'Good neighbour who collects prescriptions',
  'Church friendship group',
  'Local library reading group',
  'Day centre run by a local charity',
  'Carers’ support group meets monthly',
  'Community transport scheme',
  'Allotment society',
  'Befriending telephone service',
] as const

export const WELLBEING_NOTES = [
  'Low mood since being unable to go out',
  'Anxious about falling when alone at night',
  'Feels a burden on family',
  'Not sleeping well; worried about coping',
  'Lonely since partner died',
  'Carer close to breaking point',
] as const

export const OVERRIDE_REASONS = [
  'Needs fluctuate and the assessment day was a good day; over a suitable period the person cannot achieve these outcomes',
  'Discussed with the team manager: the impact on well-being is not significant once the support already in place is counted',
  'Further information from the GP shows the needs arise from an illness',
] as const

export const TEAM_NAMES = [
  { name: 'North locality team', kind: 'locality' },
  { name: 'South locality team', kind: 'locality' },
  { name: 'Hospital discharge team', kind: 'hospital' },
  { name: 'Learning disability team', kind: 'learning-disability' },
  { name: 'East locality team', kind: 'locality' },
  { name: 'Mental health team', kind: 'mental-health' },
  { name: 'West locality team', kind: 'locality' },
  { name: 'Carers team', kind: 'carers' },
  { name: 'Central locality team', kind: 'locality' },
  { name: 'Reviewing team', kind: 'reviewing' },
  { name: 'Transitions team', kind: 'transitions' },
  { name: 'Sensory needs team', kind: 'locality' },
] as const

export type TeamKind = (typeof TEAM_NAMES)[number]['kind']
