/**
 * The states, territories and provinces the import modal offers for the service address.
 *
 * Hosted messaging imports North American Numbering Plan numbers, and the NANP covers Canada as
 * well as the US and its territories. The subscriber's service address is where the subscriber
 * is, so a Canadian subscriber with NANP numbers needs a province; Bandwidth's StateCode field is
 * two letters either way. Whether Bandwidth accepts a given number is the checker's call, not the
 * form's. Canadian addresses use postal codes ("K1A 0B1"), so the ZIP rule depends on the
 * country (see zipProblem).
 */
export const US_REGIONS = [
  ['AL', 'Alabama'],
  ['AK', 'Alaska'],
  ['AZ', 'Arizona'],
  ['AR', 'Arkansas'],
  ['CA', 'California'],
  ['CO', 'Colorado'],
  ['CT', 'Connecticut'],
  ['DE', 'Delaware'],
  ['DC', 'District of Columbia'],
  ['FL', 'Florida'],
  ['GA', 'Georgia'],
  ['HI', 'Hawaii'],
  ['ID', 'Idaho'],
  ['IL', 'Illinois'],
  ['IN', 'Indiana'],
  ['IA', 'Iowa'],
  ['KS', 'Kansas'],
  ['KY', 'Kentucky'],
  ['LA', 'Louisiana'],
  ['ME', 'Maine'],
  ['MD', 'Maryland'],
  ['MA', 'Massachusetts'],
  ['MI', 'Michigan'],
  ['MN', 'Minnesota'],
  ['MS', 'Mississippi'],
  ['MO', 'Missouri'],
  ['MT', 'Montana'],
  ['NE', 'Nebraska'],
  ['NV', 'Nevada'],
  ['NH', 'New Hampshire'],
  ['NJ', 'New Jersey'],
  ['NM', 'New Mexico'],
  ['NY', 'New York'],
  ['NC', 'North Carolina'],
  ['ND', 'North Dakota'],
  ['OH', 'Ohio'],
  ['OK', 'Oklahoma'],
  ['OR', 'Oregon'],
  ['PA', 'Pennsylvania'],
  ['RI', 'Rhode Island'],
  ['SC', 'South Carolina'],
  ['SD', 'South Dakota'],
  ['TN', 'Tennessee'],
  ['TX', 'Texas'],
  ['UT', 'Utah'],
  ['VT', 'Vermont'],
  ['VA', 'Virginia'],
  ['WA', 'Washington'],
  ['WV', 'West Virginia'],
  ['WI', 'Wisconsin'],
  ['WY', 'Wyoming'],
  ['AS', 'American Samoa'],
  ['GU', 'Guam'],
  ['MP', 'Northern Mariana Islands'],
  ['PR', 'Puerto Rico'],
  ['VI', 'U.S. Virgin Islands'],
] as const;

export const CANADIAN_REGIONS = [
  ['AB', 'Alberta'],
  ['BC', 'British Columbia'],
  ['MB', 'Manitoba'],
  ['NB', 'New Brunswick'],
  ['NL', 'Newfoundland and Labrador'],
  ['NS', 'Nova Scotia'],
  ['NT', 'Northwest Territories'],
  ['NU', 'Nunavut'],
  ['ON', 'Ontario'],
  ['PE', 'Prince Edward Island'],
  ['QC', 'Quebec'],
  ['SK', 'Saskatchewan'],
  ['YT', 'Yukon'],
] as const;

const US_CODES: ReadonlySet<string> = new Set(US_REGIONS.map(([c]) => c));
const CA_CODES: ReadonlySet<string> = new Set(CANADIAN_REGIONS.map(([c]) => c));

export function regionCountry(code: string): 'US' | 'CA' | undefined {
  if (US_CODES.has(code)) return 'US';
  if (CA_CODES.has(code)) return 'CA';
  return undefined;
}

/** "Ontario (ON)" for a code, or the code itself when unknown. */
export function regionName(code: string): string {
  const found = [...US_REGIONS, ...CANADIAN_REGIONS].find(([c]) => c === code);
  return found ? found[1] : code;
}

const US_ZIP = /^\d{5}(-\d{4})?$/;
const CA_POSTAL = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/;

/**
 * Normalises a ZIP or postal code for the given state/province, or says what is wrong with it.
 * A bare nine-digit ZIP becomes ZIP+4; a Canadian code becomes "A1A 1A1".
 */
export function normalizeZip(
  zip: string,
  stateCode: string | undefined,
): { zip: string } | { problem: string } {
  const trimmed = zip.trim();
  const country = stateCode ? regionCountry(stateCode) : undefined;
  if (country === 'CA') {
    const upper = trimmed.toUpperCase();
    if (!CA_POSTAL.test(upper)) {
      return { problem: `${regionName(stateCode as string)} needs a Canadian postal code like K1A 0B1` };
    }
    const compact = upper.replace(' ', '');
    return { zip: `${compact.slice(0, 3)} ${compact.slice(3)}` };
  }
  const nine = /^\d{9}$/.test(trimmed) ? `${trimmed.slice(0, 5)}-${trimmed.slice(5)}` : trimmed;
  if (!US_ZIP.test(nine)) return { problem: 'ZIP must be 5 digits or ZIP+4 (12345-6789)' };
  return { zip: nine };
}
