import { randomInt } from 'node:crypto';

/** Letters and digits nobody confuses when reading an id aloud or off a screen (no 0/O, 1/I/L, 5/S, 8/B). */
export const REQUEST_ID_ALPHABET = '234679ACDEFGHJKMNPQRTUVWXYZ';

/**
 * Makes request ids like `HM-7KQ2XD`: short, readable, and valid Bandwidth CustomerOrderIds even
 * with a chunk suffix. Uniqueness is enforced where ids are stored (an atomic set-if-absent);
 * 27^6 ≈ 387 million ids make a retry rare.
 */
export function createRequestIdGenerator(random: (max: number) => number = randomInt): () => string {
  return () => {
    let suffix = '';
    for (let i = 0; i < 6; i += 1) suffix += REQUEST_ID_ALPHABET[random(REQUEST_ID_ALPHABET.length)];
    return `HM-${suffix}`;
  };
}
