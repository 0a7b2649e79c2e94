import { describe, expect, it } from 'vitest';
import { checkFiscalCode } from '../../src/crm/fiscal-code.js';
import { callerE164, normalisePhone } from '../../src/crm/phone-number.js';
import { newTicketSchema, ticketPatchSchema } from '../../src/crm/crm.js';

// Check characters computed independently (scripted from the published tables, not with this code).
describe('codice fiscale', () => {
  it.each([
    ['RSSMRA85T10A562S', 'RSSMRA85T10A562S', false],
    ['rssmra85t10a562s', 'RSSMRA85T10A562S', false],
    [' RSSMRA 85T10 A562S ', 'RSSMRA85T10A562S', false],
    ['BNCGLI58A41F205H', 'BNCGLI58A41F205H', false], // a woman: day 1 + 40
    ['MRTMTT91D08F205J', 'MRTMTT91D08F205J', false],
    // Omocodia: digits replaced from the right by L M N P Q R S T U V.
    ['RSSMRA85T10A56NH', 'RSSMRA85T10A56NH', true],
    ['RSSMRA85T10A5SNT', 'RSSMRA85T10A5SNT', true],
    ['RSSMRAURTMLARSNL', 'RSSMRAURTMLARSNL', true],
    ['MRTMTT91D08F20RE', 'MRTMTT91D08F20RE', true],
  ])('%s is valid', (input, code, omocode) => {
    expect(checkFiscalCode(input)).toEqual({ valid: true, code, omocode });
  });

  it.each([
    ['RSSMRA85T10A562T', /wrong check character: T, expected S/],
    ['RSSMRA85T10A56NS', /wrong check character: S, expected H/], // omocode with the plain code's check letter
    ['RSSMRA85T10A562', /16 characters, this has 15/],
    ['RSSMRA85T10A562SX', /16 characters, this has 17/],
    ['RSSMRA85F10A562S', /"F" is not a month letter/],
    ['RSSMRA85T32A562S', /day 32 does not exist/],
    ['RSSMRA85B30A562S', /day 30 does not exist in month B/], // 30 February
    ['RSSMRA85T00A562S', /day 00 does not exist/],
    ['RSSMRA85T10A56WS', /not the codice fiscale pattern/], // W is not an omocodia letter
    ['123456789012345X', /not the codice fiscale pattern/],
    ['RSSMRÀ85T10A562S', /not the codice fiscale pattern/],
    ['', /16 characters, this has 0/],
  ])('%s is refused: %s', (input, reason) => {
    const checked = checkFiscalCode(input);
    expect(checked.valid).toBe(false);
    expect(checked.valid ? '' : checked.reason).toMatch(reason);
  });
});

describe('phone numbers to E.164 (Italian numbering plan)', () => {
  it.each([
    ['3331234567', '+393331234567'], // mobile, national
    ['333 123 4567', '+393331234567'],
    ['+39 333 1234567', '+393331234567'],
    ['0039 333 1234567', '+393331234567'],
    ['02 1234 5678', '+390212345678'], // Milan landline keeps its 0
    ['02.12.34.56.78', '+390212345678'],
    ['(06) 1234-5678', '+390612345678'],
    ['+390212345678', '+390212345678'],
    ['800 123 456', '+39800123456'], // numero verde
    ['+33 1 42 68 53 00', '+33142685300'],
  ])('%s → %s', (input, e164) => {
    expect(normalisePhone(input)).toEqual({ valid: true, e164 });
  });

  it.each([
    ['', /empty/],
    ['12', /not a valid number in the IT numbering plan/],
    ['333123', /not a valid number/],
    ['+44 1632 96', /not a valid number in the GB numbering plan|not a valid number in the 44/],
    ['333-CALL-ME', /only digits/],
    ['3331234567&PJSIP/evil', /only digits/],
  ])('%s is refused: %s', (input, reason) => {
    const checked = normalisePhone(input);
    expect(checked.valid).toBe(false);
    expect(checked.valid ? '' : checked.reason).toMatch(reason);
  });

  it('a caller id becomes E.164, or nothing for anonymous and internal callers', () => {
    expect(callerE164('3331234567')).toBe('+393331234567');
    expect(callerE164('+390212345678')).toBe('+390212345678');
    expect(callerE164('anonymous')).toBeUndefined();
    expect(callerE164('')).toBeUndefined();
    expect(callerE164('1011')).toBeUndefined();
  });
});

describe('ticket input', () => {
  const base = { category: 'Tributi', subject: 'Avviso TARI' };

  it('normalises the number and defaults channel and level', () => {
    expect(newTicketSchema.parse({ ...base, callerNumber: '333 111 0001' })).toMatchObject({ callerNumber: '+393331110001', channel: 'telefono', level: 'primo_livello' });
  });

  it.each([
    [{ ...base }, 'citizenId: give citizenId or callerNumber'],
    [{ ...base, callerNumber: '12' }, 'callerNumber: "12" is not a phone number'],
    [{ ...base, citizenId: 'x', category: 'Tasse' }, 'category: Invalid option'],
    [{ ...base, citizenId: 'x', subject: '  ' }, 'subject: must not be empty'],
    [{ ...base, citizenId: 'x', level: 'secondo_livello' }, 'department: a second-level ticket names its department'],
    [{ ...base, citizenId: 'x', priority: 1 }, 'Unrecognized key: "priority"'],
  ])('%j is refused (%s)', (input, message) => {
    const parsed = newTicketSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')).toContain(message.replace(/^: /, ''));
  });

  it('an update must change something', () => {
    expect(ticketPatchSchema.safeParse({}).success).toBe(false);
    expect(ticketPatchSchema.safeParse({ status: 'chiuso' }).success).toBe(false);
    expect(ticketPatchSchema.parse({ assignee: null })).toEqual({ assignee: null });
  });
});
