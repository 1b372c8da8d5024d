import { ageInYears, personName } from './rules.ts'
import type { PersonSummary } from './store.ts'

/** A person as the API returns them. */
export function personJson(person: PersonSummary, today: string) {
  return {
    id: person.id,
    laPersonId: person.la_person_id,
    givenName: person.given_name,
    familyName: person.family_name,
    dateOfBirth: person.date_of_birth,
    dateOfDeath: person.date_of_death,
    age: ageInYears(person.date_of_birth, person.date_of_death, today),
    nhsNumber: person.nhs_number,
    postcode: person.postcode,
    gender: person.gender,
    ethnicity: person.ethnicity,
    primarySupportReason: person.primary_support_reason,
    accommodationStatus: person.accommodation_status,
    employmentStatus: person.employment_status,
    hasUnpaidCarer: person.has_unpaid_carer,
    clientType: person.client_type,
    synthetic: person.synthetic,
    createdAt: person.created_at,
    updatedAt: person.updated_at,
  }
}

/** A person as the pages show them. */
export function personView(person: PersonSummary, today: string) {
  // Added to the object rather than spread into a new one: a search page shows up to twenty people,
  // and copying each person's twenty fields showed in its profile.
  return Object.assign(personJson(person, today), {
    name: personName(person),
    href: `/people/${person.id}`,
  })
}
