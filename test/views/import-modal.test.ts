import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { ids } from '../../src/views/ids';
import { buildImportModal, LOA_FILETYPES } from '../../src/views/import-modal';
import { parseImportModalMetadata, parseImportSubmission } from '../../src/views/import-submission';
import { checkBlockKitLimits } from '../../src/views/limits';
import { importValues, VALID_FORM } from './fixtures';

const B = ids.importModal.blocks;

function input(view: ModalView, blockId: string): InputBlock {
  const block = view.blocks.find((b) => (b as KnownBlock).block_id === blockId);
  if (block?.type !== 'input') throw new Error(`no input block ${blockId}`);
  return block as InputBlock;
}

describe('buildImportModal', () => {
  const view = buildImportModal({ channelId: 'C0CHANNEL', numbersText: '919 200 0000, 919 200 0001' });

  it('is the import modal with the channel in private_metadata', () => {
    expect(view.callback_id).toBe(ids.importModal.callbackId);
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ channelId: 'C0CHANNEL' });
    expect(parseImportModalMetadata(view.private_metadata ?? '')).toEqual({ channelId: 'C0CHANNEL' });
    expect(checkBlockKitLimits(view)).toEqual([]);
  });

  it('asks for every field, in order, with plain labels', () => {
    const labels = view.blocks
      .filter((b): b is InputBlock => b.type === 'input')
      .map((b) => [b.block_id, b.label.text, b.optional ?? false]);
    expect(labels).toEqual([
      [B.numbers, 'Numbers', true],
      [B.numbersFile, 'Numbers file', true],
      [B.subscriberName, 'Subscriber name', false],
      [B.houseNumber, 'House number', false],
      [B.streetName, 'Street name', false],
      [B.city, 'City', false],
      [B.state, 'State or province', false],
      [B.zip, 'ZIP or postal code', false],
      [B.county, 'County', true],
      [B.loaAuthorizingPerson, 'LOA authorizing person', false],
      [B.reference, 'Reference', true],
      [B.loaFile, 'Signed LOA', true],
    ]);
  });

  it('pre-fills the numbers from the command in a multiline field', () => {
    const el = input(view, B.numbers).element;
    expect(el).toMatchObject({
      type: 'plain_text_input',
      action_id: ids.importModal.actions.numbers,
      multiline: true,
      initial_value: '919 200 0000, 919 200 0001',
    });
  });

  it('caps the subscriber name at Bandwidth’s 45 characters', () => {
    expect(input(view, B.subscriberName).element).toMatchObject({ type: 'plain_text_input', max_length: 45 });
  });

  it('offers US states, DC, territories and Canadian provinces in two groups', () => {
    const el = input(view, B.state).element;
    if (el.type !== 'static_select') throw new Error('state is not a static_select');
    const groups = el.option_groups ?? [];
    expect(groups.map((g) => [g.label.text, g.options.length])).toEqual([
      ['United States', 56],
      ['Canada', 13],
    ]);
    const values = groups.flatMap((g) => g.options.map((o) => o.value));
    expect(values).toEqual(expect.arrayContaining(['NC', 'DC', 'PR', 'GU', 'VI', 'ON', 'QC']));
  });

  it('takes LOA files of the types Bandwidth accepts', () => {
    expect(input(view, B.loaFile).element).toEqual({
      type: 'file_input',
      action_id: ids.importModal.actions.loaFile,
      filetypes: [...LOA_FILETYPES],
      max_files: 5,
    });
    expect(LOA_FILETYPES).toEqual(['pdf', 'png', 'jpg', 'jpeg', 'tif', 'tiff']);
  });

  it('does not pre-fill a list longer than the field holds, and asks for a file instead', () => {
    const long = Array.from({ length: 400 }, (_, i) => `919200${String(i).padStart(4, '0')}`).join('\n');
    const big = buildImportModal({ channelId: 'C0CHANNEL', numbersText: long });
    expect(input(big, B.numbers).element).not.toHaveProperty('initial_value');
    expect(JSON.stringify(big.blocks)).toContain('Attach it as a CSV or text file below');
    expect(checkBlockKitLimits(big)).toEqual([]);
  });

  it('shows general errors above the form, escaped, and keeps entered values', () => {
    const again = buildImportModal({
      channelId: 'C0CHANNEL',
      errors: ["Bandwidth's checker did not answer <!channel>"],
      initial: { subscriberName: 'Acme', serviceAddress: { stateCode: 'ON', zip: 'K1A 0B1' } },
    });
    const first = again.blocks[0] as KnownBlock;
    expect(first).toMatchObject({ type: 'section' });
    expect(JSON.stringify(first)).toContain('&lt;!channel&gt;');
    expect(input(again, B.subscriberName).element).toMatchObject({ initial_value: 'Acme' });
    expect(input(again, B.state).element).toMatchObject({ initial_option: { value: 'ON' } });
    expect(checkBlockKitLimits(again)).toEqual([]);
  });
});

describe('parseImportSubmission', () => {
  it('returns numbers and details for a valid form', () => {
    const result = parseImportSubmission(
      importValues({
        ...VALID_FORM,
        county: 'Wake',
        reference: 'TICKET-42',
        loaFile: [{ id: 'F1', name: 'loa.pdf', filetype: 'pdf' }],
      }),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        numbersText: '919 200 0000\n(919) 200-0001, 9192000002',
        numbers: ['9192000000', '9192000001', '9192000002'],
        numbersFileIds: [],
        details: {
          subscriberName: 'Acme Dental',
          serviceAddress: {
            houseNumber: '900',
            streetName: 'Main Campus Dr',
            city: 'Raleigh',
            stateCode: 'NC',
            zip: '27606',
            county: 'Wake',
          },
          loaAuthorizingPerson: 'Jane Doe',
          reference: 'TICKET-42',
        },
        loaFileIds: ['F1'],
      },
    });
  });

  it('leaves optional fields out when empty and trims the rest', () => {
    const result = parseImportSubmission(importValues({ ...VALID_FORM, city: '  Raleigh ', county: '   ' }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.details.serviceAddress).not.toHaveProperty('county');
    expect(result.value.details).not.toHaveProperty('reference');
    expect(result.value.details.serviceAddress.city).toBe('Raleigh');
  });

  it('normalizes ZIP+4 and Canadian postal codes', () => {
    const zip9 = parseImportSubmission(importValues({ ...VALID_FORM, zip: '276061234' }));
    expect(zip9.ok && zip9.value.details.serviceAddress.zip).toBe('27606-1234');
    const canada = parseImportSubmission(importValues({ ...VALID_FORM, state: 'ON', zip: 'k1a0b1' }));
    expect(canada.ok && canada.value.details.serviceAddress.zip).toBe('K1A 0B1');
  });

  it('accepts an empty numbers field when a numbers file is attached', () => {
    const result = parseImportSubmission(
      importValues({
        ...VALID_FORM,
        numbers: '',
        numbersFile: [{ id: 'F9', name: 'list.csv', filetype: 'csv' }],
      }),
    );
    expect(result.ok && result.value.numbersFileIds).toEqual(['F9']);
  });

  function errorsFor(fields: Parameters<typeof importValues>[0]): Record<string, string> {
    const result = parseImportSubmission(importValues(fields));
    if (result.ok) throw new Error('expected errors');
    return result.errors;
  }

  it('names the entries that are not phone numbers, and why', () => {
    const errors = errorsFor({ ...VALID_FORM, numbers: '555-12, 919 200 0000, hello, 119-555-1234, 12' });
    expect(Object.keys(errors)).toEqual([B.numbers]);
    expect(errors[B.numbers]).toMatch(/^4 entries aren't phone numbers: 555-12 \(has 5 digits; /);
    expect(errors[B.numbers]).toContain('hello (is not a phone number)');
    expect(errors[B.numbers]).toContain('; and 1 more');
  });

  it('says when no number was given', () => {
    expect(errorsFor({ ...VALID_FORM, numbers: '  ' })).toEqual({
      [B.numbers]: 'Enter at least one phone number, or attach a numbers file',
    });
  });

  it('refuses more than 5,000 numbers', () => {
    const many = Array.from({ length: 5001 }, (_, i) => `919${String(2_000_000 + i)}`).join(',');
    expect(errorsFor({ ...VALID_FORM, numbers: many })[B.numbers]).toMatch(
      /^That's 5,001 numbers; one request holds up to 5,000/,
    );
  });

  it('says how long a subscriber name is and what Bandwidth allows', () => {
    expect(errorsFor({ ...VALID_FORM, subscriberName: 'x'.repeat(52) })).toEqual({
      [B.subscriberName]: 'Subscriber name is 52 characters; Bandwidth allows 45',
    });
  });

  it('puts each missing required field on its own block', () => {
    const errors = errorsFor({ numbers: '9192000000' });
    expect(errors).toEqual({
      [B.subscriberName]: 'Enter the subscriber name',
      [B.houseNumber]: 'Enter the house number',
      [B.streetName]: 'Enter the street name',
      [B.city]: 'Enter the city',
      [B.state]: 'Choose a state or province',
      [B.zip]: 'Enter the ZIP or postal code',
      [B.loaAuthorizingPerson]: 'Enter first and last name of the person who signs the LOA',
    });
  });

  it('wants a 5-digit ZIP or ZIP+4 for US addresses', () => {
    expect(errorsFor({ ...VALID_FORM, zip: '2760' })).toEqual({
      [B.zip]: 'ZIP must be 5 digits or ZIP+4 (12345-6789)',
    });
  });

  it('wants a Canadian postal code for a province', () => {
    expect(errorsFor({ ...VALID_FORM, state: 'QC', zip: '27606' })).toEqual({
      [B.zip]: 'Quebec needs a Canadian postal code like K1A 0B1',
    });
  });

  it('reports every problem at once, not one at a time', () => {
    const errors = errorsFor({ ...VALID_FORM, numbers: '12', zip: 'abc', loaAuthorizingPerson: 'Jane' });
    expect(Object.keys(errors).sort()).toEqual([B.loaAuthorizingPerson, B.numbers, B.zip].sort());
  });

  it('wants the LOA signer’s first and last name', () => {
    expect(errorsFor({ ...VALID_FORM, loaAuthorizingPerson: 'Jane' })).toEqual({
      [B.loaAuthorizingPerson]: 'Enter first and last name',
    });
    expect(errorsFor({ ...VALID_FORM, loaAuthorizingPerson: 'J 4' })).toEqual({
      [B.loaAuthorizingPerson]: 'Enter first and last name',
    });
  });

  it('refuses a state that is not on the list', () => {
    expect(errorsFor({ ...VALID_FORM, state: 'ZZ' })[B.state]).toBe(
      'Choose a state or province from the list',
    );
  });

  it('refuses an LOA file of another type, naming it', () => {
    expect(errorsFor({ ...VALID_FORM, loaFile: [{ id: 'F2', name: 'loa.docx', filetype: 'docx' }] })).toEqual(
      {
        [B.loaFile]: 'loa.docx (DOCX): attach the signed LOA as PDF, PNG, JPEG or TIFF instead',
      },
    );
  });

  it('refuses a numbers file that is not CSV or text', () => {
    const errors = errorsFor({
      ...VALID_FORM,
      numbersFile: [{ id: 'F3', name: 'list.xlsx', filetype: 'xlsx' }],
    });
    expect(errors[B.numbersFile]).toBe('list.xlsx (XLSX): attach a CSV or text file instead');
  });

  it('limits optional fields too', () => {
    expect(errorsFor({ ...VALID_FORM, reference: 'r'.repeat(101) })).toEqual({
      [B.reference]: 'Reference is 101 characters; the limit is 100',
    });
  });
});

describe('parseImportModalMetadata', () => {
  it('returns undefined for anything that is not our metadata', () => {
    expect(parseImportModalMetadata('not json')).toBeUndefined();
    expect(parseImportModalMetadata('{"channel":"C1"}')).toBeUndefined();
  });
});
