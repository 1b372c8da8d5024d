/**
 * Where synthetic people live: 'DM' is not a UK postcode area, so synthetic
 * postcodes are valid in shape and never real. Shared by the people and the
 * directory of providers that serve them.
 */
export const POSTCODE_AREA = 'DM'
export const POSTCODE_DISTRICTS = 19
