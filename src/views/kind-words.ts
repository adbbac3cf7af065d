import { type ImportRequest, kindOf, type RequestKind } from '../domain/request';

/**
 * The words that change between an import and a removal. Every view takes its nouns and verbs
 * from here, so the two kinds read alike and differ only where they really do.
 */
export interface KindWords {
  /** "Import request" / "Removal request". */
  title: string;
  /** "import" / "remove": the subcommand that starts such a request. */
  subcommand: string;
  /** "imported" / "removed". */
  done: string;
  /** "can be imported" / "can be removed". */
  can: string;
  /** "importable" / "removable": a number that passed the check, in CSV files. */
  eligible: string;
  /** "import order" / "removal order". */
  order: string;
  /** What completing means for `count` numbers, after "N numbers …". */
  completeMeaning: (count: number) => string;
}

const WORDS: Record<RequestKind, KindWords> = {
  import: {
    title: 'Import request',
    subcommand: 'import',
    done: 'imported',
    can: 'can be imported',
    eligible: 'importable',
    order: 'import order',
    completeMeaning: () => 'can now send and receive messages through Bandwidth',
  },
  remove: {
    title: 'Removal request',
    subcommand: 'remove',
    done: 'removed',
    can: 'can be removed',
    eligible: 'removable',
    order: 'removal order',
    completeMeaning: (count) =>
      `no longer ${count === 1 ? 'has' : 'have'} hosted messaging on this Bandwidth account`,
  },
};

export function wordsFor(request: Pick<ImportRequest, 'kind'>): KindWords {
  return WORDS[kindOf(request)];
}
