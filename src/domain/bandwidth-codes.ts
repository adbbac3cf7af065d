/**
 * Where a Bandwidth code came from. It matters because Bandwidth reuses 19000–19019: from the
 * import checker they are per-number results, elsewhere they are reporting errors.
 */
export type CodeContext = 'checker' | 'order' | 'loa' | 'subscription' | 'general';

/** A Bandwidth error or result code in words for the person in Slack. */
export interface CodeExplanation {
  code: string;
  /** A few words, fit for a heading or a list item. */
  title: string;
  /** What happened, in plain English. */
  meaning: string;
  /** What the person should do now. */
  nextStep: string;
  /** False when the code is not one we know in this context and the text is a generic fallback. */
  known: boolean;
  /** True for the bot's own verdicts (BOT_CODES): nothing here was said by Bandwidth. */
  fromBot?: true;
}

type Entry = Omit<CodeExplanation, 'code' | 'known' | 'fromBot'>;

const CHECKER_RANGE = { first: 19000, last: 19019 };

/** Per-number results of POST /importTnChecker (BANDWIDTH.md §4). */
const CHECKER_CODES: Readonly<Record<string, Entry>> = {
  '19001': {
    title: 'Number not in service',
    meaning: 'The number is not in service with any carrier, so there is nothing to host.',
    nextStep:
      'Check the number is typed correctly and is active with the subscriber’s voice carrier. If it was activated very recently, check again tomorrow.',
  },
  '19002': {
    title: 'Carrier unknown',
    meaning:
      'The number is not in Bandwidth’s inventory and the national porting database (NPAC) lookup failed, so Bandwidth cannot tell which carrier serves it.',
    nextStep:
      'Confirm the number is correct and active. If it is, ask Bandwidth support to look it up, quoting code 19002 and the number.',
  },
  '19003': {
    title: 'Held by a blocked account',
    meaning:
      'The number sits in another Bandwidth account that is blocked from giving numbers up for import.',
    nextStep:
      'Ask Bandwidth support why the account that holds the number is blocked; the number cannot be imported until they clear it.',
  },
  '19004': {
    title: 'Held by an unmigrated account',
    meaning:
      'The number sits in another Bandwidth account that has not been migrated to the platform that handles imports.',
    nextStep: 'Ask Bandwidth support to migrate that account or move the number out of it, then check again.',
  },
  '19005': {
    title: 'Messaging route not configured',
    meaning:
      'The number’s messaging route is not set up, so texts to it would not reach Bandwidth; another provider may still hold its messaging.',
    nextStep:
      'Ask the current messaging provider to release the number, or ask Bandwidth to configure the messaging route, then check the number again.',
  },
  '19006': {
    title: 'Bandwidth numbers not importable',
    meaning: 'This account may not import numbers that are already Bandwidth numbers at this time.',
    nextStep:
      'If the number is already on Bandwidth, ask Bandwidth support to move it to this account instead of importing it; otherwise ask your Bandwidth account manager to allow it.',
  },
  '19007': {
    title: 'Imports not in the contract',
    meaning: 'Your Bandwidth account is not contracted for importing numbers from other carriers.',
    nextStep:
      'Ask your Bandwidth account manager to add hosted messaging (the IMPORT_TNS feature) to the account. No number can be imported until then.',
  },
  '19008': {
    title: 'Other carriers’ numbers not importable',
    meaning: 'This account may not import numbers from other carriers at this time.',
    nextStep:
      'Ask your Bandwidth account manager to enable imports of non-Bandwidth numbers for this account, then check again.',
  },
  '19009': {
    title: 'No messaging route',
    meaning: 'No messaging route was found for the number: no provider is registered as handling its texts.',
    nextStep:
      'Ask the subscriber’s current provider to set up or release the number’s messaging route, or ask Bandwidth support to configure one, then check again.',
  },
  '19010': {
    title: 'Bandwidth could not provision',
    meaning: 'Bandwidth could not set the number up and asks for its support team to look at it.',
    nextStep: 'Contact Bandwidth support quoting code 19010 and the number.',
  },
  '19012': {
    title: 'Account not on new messaging',
    meaning: 'Your account has not been migrated to Bandwidth’s new messaging platform, which imports need.',
    nextStep:
      'Ask Bandwidth support to migrate the account to the new messaging platform. No number can be imported until then.',
  },
};

const ASK_ADMIN_FOR_ROLE =
  'Ask a Bandwidth account admin to give the bot’s API credentials a role that covers hosted-messaging imports, then try again.';
const BOT_BUG =
  'The bot builds this value itself, so this is a bug: tell the bot’s maintainers, quoting the request id.';

/** Codes from orders, LOA files, subscriptions and whole-request errors; they mean the same everywhere. */
/**
 * The code of the bot's own refusal of a number a removal can't give back: the number is not in
 * the account's in-service numbers. Not a Bandwidth code, so it is never mistaken for one.
 */
export const NOT_IN_SERVICE_CODE = 'not-in-service';

/**
 * The code of the bot's own refusal of a number an earlier request, still open, already holds:
 * two orders for one number would have the second refused. Not a Bandwidth code.
 */
export const IN_OPEN_REQUEST_CODE = 'in-open-request';

/** The bot's own verdicts, named like Bandwidth's codes so the same views explain them. */
const BOT_CODES: Readonly<Record<string, Entry>> = {
  [IN_OPEN_REQUEST_CODE]: {
    title: 'Already in an open request',
    meaning:
      'An earlier request that is still open holds this number, so it was left out of this one: a second order for the same number would be refused.',
    nextStep:
      'Follow the earlier request (its id is above; its card is in its channel). If the number still needs this once that request has finished, ask again.',
  },
  [NOT_IN_SERVICE_CODE]: {
    title: 'Not in service on this account',
    meaning:
      "The bot looked the number up in this Bandwidth account's in-service numbers before any order and did not find it. Bandwidth only gives back numbers imported into the account; it would refuse this one (code 5158).",
    nextStep:
      'Check the number. If it was imported under another Bandwidth account, remove it there; if it was never imported, there is nothing to remove.',
  },
};

const OTHER_CODES: Readonly<Record<string, Entry>> = {
  '1001': {
    title: 'Access denied',
    meaning: 'The Bandwidth credentials the bot uses are not allowed to do this.',
    nextStep: ASK_ADMIN_FOR_ROLE,
  },
  '1008': {
    title: 'Not a valid order id',
    meaning: 'The order id is not a valid Bandwidth order id (a UUID such as 0a1b2c3d-…).',
    nextStep: `Check the order id. ${BOT_BUG}`,
  },
  '5149': {
    title: 'Import orders not enabled',
    meaning: 'The import-order API is not enabled for this Bandwidth account.',
    nextStep:
      'Ask your Bandwidth account manager to enable hosted-messaging imports (the IMPORT_TNS feature) for the account.',
  },
  '5150': {
    title: 'No access to import orders',
    meaning: 'The bot’s Bandwidth credentials are not allowed to use import orders.',
    nextStep: ASK_ADMIN_FOR_ROLE,
  },
  '5151': {
    title: 'No permission to read LOA files',
    meaning: 'The bot’s Bandwidth credentials may not read the LOA files of import orders.',
    nextStep: ASK_ADMIN_FOR_ROLE,
  },
  '5152': {
    title: 'No permission to change LOA files',
    meaning: 'The bot’s Bandwidth credentials may not upload or change the LOA files of import orders.',
    nextStep: ASK_ADMIN_FOR_ROLE,
  },
  '5157': {
    title: 'Messaging not configured on the account',
    meaning:
      'Messaging routes are not configured for this Bandwidth account, so imported numbers would have nowhere to deliver texts.',
    nextStep:
      'Ask Bandwidth support to configure messaging for the account (a location with messaging enabled), then submit again.',
  },
  '5158': {
    title: 'Number was never imported',
    meaning: 'The number has not been imported to this account, so there is nothing to remove.',
    nextStep: 'Check the number. If it was imported under another Bandwidth account, remove it there.',
  },
  '5163': {
    title: 'Messaging not owned here',
    meaning: 'This account does not own the messaging service on the number.',
    nextStep:
      'Confirm the number is hosted on this account. If it should be, contact Bandwidth support quoting code 5163 and the number.',
  },
  '7201': {
    title: 'Not a valid number',
    meaning: 'Bandwidth says this is not a valid North American (NANP) telephone number.',
    nextStep:
      'Correct the number (10 digits; area code and exchange not starting with 0 or 1) and submit it again.',
  },
  '7309': {
    title: 'Site missing or invalid',
    meaning: 'The site (sub-account) id was missing or is not a site of this account.',
    nextStep:
      'Pick a valid site: compare the site on the request (or BANDWIDTH_SITE_ID) with the sub-accounts in the Bandwidth App, then submit again.',
  },
  '7310': {
    title: 'Site has no default location',
    meaning:
      'The site has no default SIP peer (location) and none was given, so Bandwidth does not know where to put the numbers.',
    nextStep:
      'Choose a location (SIP peer) on the request, or ask a Bandwidth admin to set a default location on the site, then submit again.',
  },
  '7311': {
    title: 'Location not in this site',
    meaning: 'The SIP peer (location) does not belong to the chosen site.',
    nextStep: 'Pick a location that is under the chosen site, or change the site, then submit again.',
  },
  '7312': {
    title: 'Location invalid',
    meaning: 'The SIP peer (location) id is not valid.',
    nextStep:
      'Check the location on the request (or BANDWIDTH_SIP_PEER_ID) against the Bandwidth App, then submit again.',
  },
  '7314': {
    title: 'Too many numbers',
    meaning: 'The order has more numbers than Bandwidth accepts in one order.',
    nextStep: 'Split the numbers into several smaller requests and submit them again.',
  },
  '7316': {
    title: 'No numbers',
    meaning: 'The order contained no telephone numbers.',
    nextStep: 'Add at least one number that passed the check and submit again.',
  },
  '7318': {
    title: 'Customer order id invalid',
    meaning:
      'The customer order id was refused: it may use only letters, digits, dashes and spaces, up to 40 characters.',
    nextStep: BOT_BUG,
  },
  '7518': {
    title: 'Number not active',
    meaning: 'The number is not active (in service), so Bandwidth could not import it.',
    nextStep:
      'Ask the subscriber to confirm the number is active with its voice carrier, then make a new request for it.',
  },
  '12952': {
    title: 'Import feature still in use',
    meaning:
      'The account’s import feature cannot be switched off while it still hosts numbers imported with a subscriber LOA.',
    nextStep: 'Remove those imported numbers first (a remove-imported order), or leave the feature on.',
  },
  '7639': {
    title: 'Unknown document type',
    meaning: 'The file’s document type is not one Bandwidth knows; it must be LOA, INVOICE, CSR or OTHER.',
    nextStep: `Share the file again in the request’s thread. ${BOT_BUG}`,
  },
  '7641': {
    title: 'Conflicting document types',
    meaning: 'The upload named two different document types (one in the address, one in a header).',
    nextStep: `Share the file again in the request’s thread. ${BOT_BUG}`,
  },
  '7800': {
    title: 'Document name too long',
    meaning: 'The document name is longer than Bandwidth’s limit of 50 characters.',
    nextStep: 'Rename the file to 50 characters or fewer and share it again in the request’s thread.',
  },
  '14500': {
    title: 'Bad subscription order type',
    meaning: 'The notification subscription named an order type Bandwidth does not accept.',
    nextStep: `Order notifications need the type importtnorders. ${BOT_BUG}`,
  },
  '14501': {
    title: 'Subscription not readable',
    meaning: 'Bandwidth could not read the notification subscription that was sent.',
    nextStep: BOT_BUG,
  },
  '14503': {
    title: 'Webhook address missing',
    meaning: 'The notification subscription had no URL to send order updates to.',
    nextStep:
      'Set the bot’s public address (it must end with WEBHOOK_PATH) and restart the bot so it subscribes again; until then orders are only polled.',
  },
  '14504': {
    title: 'Certificate unreadable',
    meaning: 'The public key given for mutual TLS on notifications could not be read.',
    nextStep: 'Provide the certificate as base64 DER, CER or CRT, or subscribe without mutual TLS.',
  },
  '14505': {
    title: 'Webhook credentials incomplete',
    meaning: 'Basic authentication for notifications needs both a username and a password.',
    nextStep: 'Set both WEBHOOK_USERNAME and WEBHOOK_PASSWORD (or neither) and restart the bot.',
  },
  '14506': {
    title: 'Webhook address invalid',
    meaning: 'The URL for order notifications is not valid.',
    nextStep:
      'Use a full https:// address that Bandwidth can reach from the internet, ending with WEBHOOK_PATH, and restart the bot.',
  },
  '14507': {
    title: 'Bad subscription event type',
    meaning: 'The notification subscription named an event type Bandwidth does not accept.',
    nextStep: BOT_BUG,
  },
  '14508': {
    title: 'Subscription type missing',
    meaning: 'The notification subscription named neither an order type nor an event type.',
    nextStep: BOT_BUG,
  },
};

/** Every code with a written explanation, by the context that gives it that meaning. */
export const EXPLAINED_CODES: Readonly<{ checker: readonly string[]; other: readonly string[] }> = {
  checker: Object.keys(CHECKER_CODES),
  other: Object.keys(OTHER_CODES),
};

/**
 * Explains a Bandwidth code for the person in Slack: what it means and what to do next.
 * Codes 19000–19019 are read as import-checker results only when `where` is 'checker'.
 * Unknown codes get a fallback (known: false) that tells the person to contact Bandwidth
 * support quoting the code.
 *
 * @example
 * explainBandwidthCode(19005, 'checker').nextStep
 * // => 'Ask the current messaging provider to release the number, …'
 */
export function explainBandwidthCode(code: string | number, where: CodeContext): CodeExplanation {
  const key = String(code).trim();
  const entry = isCheckerRange(key)
    ? where === 'checker'
      ? CHECKER_CODES[key]
      : undefined
    : OTHER_CODES[key];
  if (entry) return { code: key, ...entry, known: true };
  const own = BOT_CODES[key];
  if (own) return { code: key, ...own, known: true, fromBot: true };
  return fallback(key, where);
}

function isCheckerRange(key: string): boolean {
  if (!/^\d+$/.test(key)) return false;
  const value = Number(key);
  return value >= CHECKER_RANGE.first && value <= CHECKER_RANGE.last;
}

function fallback(code: string, where: CodeContext): CodeExplanation {
  const source: Record<CodeContext, string> = {
    checker: 'The import check refused these numbers',
    order: 'Bandwidth reported a problem with the order',
    loa: 'Bandwidth reported a problem with the LOA file',
    subscription: 'Bandwidth refused the notification subscription',
    general: 'Bandwidth reported an error',
  };
  return {
    code,
    title: `Bandwidth code ${code}`,
    meaning: `${source[where]} (code ${code}); this bot has no explanation for that code${
      isCheckerRange(code)
        ? ' here: outside the import check Bandwidth uses 19000–19019 for reporting errors'
        : ''
    }.`,
    nextStep: `Contact Bandwidth support quoting code ${code}, with the order id or numbers involved.`,
    known: false,
  };
}
