import { checkLoaFile } from '../../src/domain/loa';

const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n');
const TIFF_LE = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
const TIFF_BE = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const SLACK_LOGIN = Buffer.from('\n  <!DOCTYPE html><html lang="en"><head><title>Slack</title>');
const DOCX = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]);

describe('checkLoaFile', () => {
  it.each([
    ['a PDF', 'loa.pdf', 'application/pdf', PDF, 'application/pdf'],
    ['a little-endian TIFF', 'scan.tif', 'image/tiff', TIFF_LE, 'image/tiff'],
    ['a big-endian TIFF', 'scan.tiff', 'image/tiff', TIFF_BE, 'image/tiff'],
    ['a JPEG written image/jpg', 'photo.jpg', 'image/jpg', JPEG, 'image/jpeg'],
    ['a PNG', 'shot.png', 'image/png', PNG, 'image/png'],
    ['a PDF Slack calls octet-stream', 'loa', 'application/octet-stream', PDF, 'application/pdf'],
    ['a PNG named .jpg (the content decides)', 'x.jpg', 'image/jpeg', PNG, 'image/png'],
  ])('accepts %s and sends its real type', (_label, name, mimetype, bytes, contentType) => {
    expect(checkLoaFile({ name, mimetype, size: bytes.length, firstBytes: bytes })).toEqual({
      ok: true,
      contentType,
    });
  });

  it('accepts a declared type before download, when no bytes are given', () => {
    expect(checkLoaFile({ name: 'loa.pdf', mimetype: 'application/pdf; charset=binary', size: 100 })).toEqual(
      {
        ok: true,
        contentType: 'application/pdf',
      },
    );
  });

  it('refuses Slack login page as "not the file"', () => {
    const result = checkLoaFile({
      name: 'loa.pdf',
      mimetype: 'application/pdf',
      size: 5000,
      firstBytes: SLACK_LOGIN,
    });
    expect(result).toEqual(expect.objectContaining({ ok: false, code: 'not_the_file' }));
    if (!result.ok) {
      expect(result.reason).toContain('web page, not the file');
      expect(result.instead).toContain('files:read');
    }
  });

  it('refuses a file declared as text/html', () => {
    expect(checkLoaFile({ name: 'x.html', mimetype: 'text/html', size: 10 })).toEqual(
      expect.objectContaining({ ok: false, code: 'not_the_file' }),
    );
  });

  it.each([
    [
      'a Word document',
      'loa.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      DOCX,
    ],
    ['a text file', 'loa.txt', 'text/plain', Buffer.from('signed')],
    ['a GIF', 'loa.gif', 'image/gif', Buffer.from('GIF89a')],
  ])('refuses %s and says what to send instead', (_label, name, mimetype, bytes) => {
    const result = checkLoaFile({ name, mimetype, size: bytes.length, firstBytes: bytes });
    expect(result).toEqual(expect.objectContaining({ ok: false, code: 'wrong_type' }));
    if (!result.ok) {
      expect(result.reason).toContain(name);
      expect(result.instead).toMatch(/PDF/);
    }
  });

  it('refuses a file whose content is no accepted type, whatever its name says', () => {
    const result = checkLoaFile({ name: 'loa.pdf', mimetype: 'application/pdf', size: 8, firstBytes: DOCX });
    expect(result).toEqual(expect.objectContaining({ ok: false, code: 'content_mismatch' }));
  });

  it('refuses octet-stream without bytes to judge', () => {
    expect(checkLoaFile({ name: 'loa', mimetype: 'application/octet-stream', size: 8 }).ok).toBe(false);
  });

  it('refuses a file over the limit, giving both sizes', () => {
    const result = checkLoaFile({ name: 'big.pdf', mimetype: 'application/pdf', size: 10 * 1024 * 1024 + 1 });
    expect(result).toEqual(expect.objectContaining({ ok: false, code: 'too_large' }));
    if (!result.ok) expect(result.reason).toBe('big.pdf is 10.1 MB; the limit is 10.0 MB.');
  });

  it('takes the limit from the options', () => {
    const small = checkLoaFile(
      { name: 'a.pdf', mimetype: 'application/pdf', size: 2048 },
      { maxBytes: 1024 },
    );
    expect(small).toEqual(expect.objectContaining({ ok: false, code: 'too_large' }));
    expect(
      checkLoaFile({ name: 'a.pdf', mimetype: 'application/pdf', size: 1024 }, { maxBytes: 1024 }).ok,
    ).toBe(true);
  });

  it('refuses an empty file', () => {
    expect(checkLoaFile({ name: 'a.pdf', mimetype: 'application/pdf', size: 0 })).toEqual(
      expect.objectContaining({ ok: false, code: 'empty' }),
    );
  });
});
