import { createRequestIdGenerator, REQUEST_ID_ALPHABET } from '../../src/domain/request-transitions';

describe('createRequestIdGenerator', () => {
  it('makes HM- and six characters of the unambiguous alphabet', () => {
    const next = createRequestIdGenerator();
    for (let i = 0; i < 200; i += 1) {
      const id = next();
      expect(id).toMatch(new RegExp(`^HM-[${REQUEST_ID_ALPHABET}]{6}$`));
    }
  });

  it('leaves out characters people confuse', () => {
    for (const confusing of ['0', 'O', '1', 'I', 'L', '5', 'S', '8', 'B']) {
      expect(REQUEST_ID_ALPHABET).not.toContain(confusing);
    }
  });

  it('draws from the injected source, so tests get known ids', () => {
    const draws = [0, 1, 2, 3, 4, 5];
    const next = createRequestIdGenerator(() => draws.shift() ?? 0);
    expect(next()).toBe(`HM-${REQUEST_ID_ALPHABET.slice(0, 6)}`);
  });

  it('is a valid CustomerOrderId with a chunk suffix', () => {
    const id = `${createRequestIdGenerator()()}-99`;
    expect(id).toMatch(/^[A-Za-z0-9-]{1,40}$/);
  });
});
