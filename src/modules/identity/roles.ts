/** The roles a user can hold. Each user has exactly one, in one council. */
export const ROLES = [
  'practitioner',
  'team_manager',
  'head_of_service',
  'panel_member',
  'finance',
  'commissioner',
  'analyst',
  'admin',
  'provider',
] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  practitioner: 'Practitioner',
  team_manager: 'Team manager',
  head_of_service: 'Head of service',
  panel_member: 'Panel member',
  finance: 'Finance officer',
  commissioner: 'Commissioner',
  analyst: 'Analyst',
  admin: 'Administrator',
  provider: 'Provider',
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value)

/**
 * What each role may do. Case records are for the people who work the cases;
 * commissioners and analysts see aggregates only, administrators run the
 * service (users, audit) without reading case records, and a provider's users
 * see their own listing and the funds their provider holds.
 */
export const PERMISSIONS = {
  /** Find, read and record people, requests and assessments. */
  caseWork: ['practitioner', 'team_manager', 'head_of_service'],
  /** Merge a person recorded twice into one record (every record of the duplicate moves). */
  mergePeople: ['team_manager', 'head_of_service'],
  /** Allocate requests to teams and workers, see a team's queue and caseloads. */
  allocate: ['team_manager', 'head_of_service'],
  /** Browse the audit log. */
  audit: ['admin'],
  /** Add the council's users and teams, change their roles, deactivate them, give password links. */
  manageUsers: ['admin'],
  /** Score the council's self-assessment and keep its action plan. */
  selfAssessment: ['head_of_service', 'commissioner', 'analyst'],
  /** Export the council's benchmark pack, import peers' packs, choose peers and compare. */
  benchmarking: ['head_of_service', 'commissioner', 'analyst'],
  /** Import the council's CLD files, read their problem reports, export its CLD return. */
  cldReturn: ['head_of_service', 'commissioner', 'analyst'],
  /** Read support plans and funding requests (deciders need to read what they decide). */
  readPlans: ['practitioner', 'team_manager', 'head_of_service', 'panel_member'],
  /** Work the queues of funding requests waiting for a decision above a practitioner's delegation. */
  decideFunding: ['team_manager', 'head_of_service', 'panel_member'],
  /** Read panel meetings, their agendas and minutes (members decide through decideFunding). */
  panels: ['panel_member', 'head_of_service', 'admin'],
  /** Arrange panel meetings: members, chair, agenda, minutes. */
  organisePanels: ['head_of_service', 'admin'],
  /** Read what deciding costs by route: days, staff time, amendments (aggregates). */
  decisionCost: ['head_of_service', 'commissioner', 'analyst', 'admin', 'finance'],
  /** Compare practitioners' and teams' plan costs against need and how often their plans are changed. */
  practiceConsistency: ['team_manager', 'head_of_service'],
  /** Search the directory of providers and services (to plan care, to pay, to commission). */
  readMarket: ['practitioner', 'team_manager', 'head_of_service', 'commissioner', 'finance'],
  /** Keep the directory: add and change providers and their services. */
  manageMarket: ['commissioner', 'head_of_service'],
  /** Configure the council's resource allocation system and scheme of delegation. */
  configure: ['admin'],
  /** Read the national and local measures (aggregates, no case records; finance reads the spend). */
  measures: ['commissioner', 'analyst', 'head_of_service', 'team_manager', 'admin', 'finance'],
  /** Open direct payment and individual service fund accounts, record their money, read their statements. */
  accounts: ['finance', 'head_of_service'],
  /** Offer the lines of plans in effect to providers of the directory, withdraw offers, list packages waiting for a provider. */
  arrangePackages: ['practitioner', 'team_manager', 'head_of_service'],
  /** A provider's own: keep its directory listing, read the individual service funds it holds, answer the packages offered to it. */
  ownListing: ['provider'],
  /** Set the council's population and define its own measures. */
  manageMeasures: ['analyst', 'admin'],
} as const satisfies Record<string, readonly Role[]>
export type Permission = keyof typeof PERMISSIONS

/**
 * Whether a role holds a permission.
 *
 * @example
 * can('practitioner', 'allocate') // false
 */
export const can = (role: string, permission: Permission): boolean =>
  (PERMISSIONS[permission] as readonly string[]).includes(role)
