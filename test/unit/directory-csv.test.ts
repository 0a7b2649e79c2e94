/** The directory's CSV import: the columns, both separators, and every bad row named. */
import { describe, expect, it } from 'vitest';
import { DirectoryImportError, parseDirectoryCsv } from '../../src/directory/csv.js';
import { DEMO_DIRECTORY_CSV } from '../../src/directory/demo-directory.js';

function problems(csv: string): readonly string[] {
  try {
    parseDirectoryCsv(csv);
  } catch (error) {
    if (error instanceof DirectoryImportError) return error.problems;
    throw error;
  }
  return [];
}

describe('directory CSV', () => {
  it('reads the demo file: people and offices, keywords and aliases split on |', () => {
    const entries = parseDirectoryCsv(DEMO_DIRECTORY_CSV);
    expect(entries).toHaveLength(9);
    expect(entries[0]).toMatchObject({ id: 'person-dangelo-nicolo-2001', kind: 'person', firstName: 'Nicolò', lastName: "D'Angelo", office: 'Ufficio Tributi', extension: '2001', keywords: ['TARI', 'IMU', 'avvisi di pagamento'], hours: 'lun-ven 9-13' });
    expect(entries[5]).toMatchObject({ kind: 'office', name: 'URP Municipio 1', aliases: ['Relazioni con il pubblico'] });
  });

  it('takes commas, a BOM, header case and an id column', () => {
    const entries = parseDirectoryCsv('\uFEFFID,Tipo,Cognome,Interno\nrossi-1,persona,Rossi,2101\n');
    expect(entries).toEqual([{ id: 'rossi-1', source: 'csv', kind: 'person', lastName: 'Rossi', extension: '2101', keywords: [], aliases: [] }]);
  });

  it.each([
    ['', ['the file is empty: a header row (tipo;nome;cognome;…;interno) is needed']],
    ['nome;cognome;interno\nAda;Neri;2001\n', ['line 1: the column "tipo" (persona or ufficio) is missing']],
    ['tipo;cognome;interno\npersona;Neri;2001;x\n', [expect.stringContaining('Invalid Record Length')]],
    ['tipo;cognome;interno;numero_esterno\npersona;Neri;;123&PJSIP/evil\n', ['line 2, column "numero_esterno": a telephone number: 6 to 15 digits, optional leading +']],
    ['tipo;cognome;interno\npersona;Neri;2001\npersona;Neri;2001\n', ['line 3: the same entry as line 2 (id "person-neri--2001")']],
    ['tipo;denominazione;interno\nufficio;;2001\n', ['line 2, column "denominazione": an office needs a name']],
  ])('refuses %j', (csv, expected) => {
    expect(problems(csv)).toEqual(expected);
  });
});
