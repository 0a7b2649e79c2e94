/**
 * Demo citizens for a standalone install and the tests (CC_CRM_DEMO_SEED=true seeds an empty
 * embedded CRM with them). Fictitious people; the numbers are in the 333 111 00xx block the demo
 * and tests call from.
 */
export interface DemoCitizen {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly fiscalCode: string;
  readonly phones: readonly string[];
  readonly email: string | null;
  readonly language: string;
  /** Tickets already open for them (the IVR tells them the status). */
  readonly tickets: readonly { readonly category: string; readonly subject: string; readonly status: 'aperto' | 'in_lavorazione' | 'inoltrato'; readonly level: 'primo_livello' | 'back_office' | 'secondo_livello'; readonly department?: string }[];
}

export const DEMO_CITIZENS: readonly DemoCitizen[] = [
  {
    id: 'demo-giulia-bianchi',
    firstName: 'Giulia',
    lastName: 'Bianchi',
    fiscalCode: 'BNCGLI58A41F205H',
    phones: ['+393331110001'],
    email: 'giulia.bianchi@example.org',
    language: 'it',
    tickets: [{ category: 'Tributi', subject: 'Rimborso TARI 2025 non ricevuto', status: 'in_lavorazione', level: 'back_office' }],
  },
  {
    id: 'demo-mario-rossi',
    firstName: 'Mario',
    lastName: 'Rossi',
    fiscalCode: 'RSSMRA45C12F205C',
    phones: ['+393331110002', '+390255550002'],
    email: null,
    language: 'it',
    tickets: [],
  },
  {
    id: 'demo-lucia-verdi',
    firstName: 'Lucia',
    lastName: 'Verdi',
    fiscalCode: 'VRDLCU60H51F205A',
    phones: ['+393331110003'],
    email: 'lucia.verdi@example.org',
    language: 'it',
    tickets: [{ category: 'Anagrafe', subject: 'Cambio di residenza: documenti mancanti', status: 'inoltrato', level: 'secondo_livello', department: 'Servizi Anagrafici' }],
  },
  {
    id: 'demo-nicolo-colombo',
    firstName: 'Nicolò',
    lastName: 'Colombo',
    fiscalCode: 'CLMNCL52P12F205G',
    phones: ['+393331110004'],
    email: null,
    language: 'it',
    tickets: [],
  },
  {
    id: 'demo-rosa-d-angelo',
    firstName: 'Rosa',
    lastName: "D'Angelo",
    fiscalCode: 'DNGRSO70E55F205P',
    phones: ['+393331110005'],
    email: 'rosa.dangelo@example.org',
    language: 'it',
    tickets: [{ category: 'Mobilità', subject: 'Pass sosta: cambio targa', status: 'aperto', level: 'primo_livello' }],
  },
  {
    // One landline shared by a household: the IVR cannot tell who is calling, the agent sees both.
    id: 'demo-giuseppe-ferrari',
    firstName: 'Giuseppe',
    lastName: 'Ferrari',
    fiscalCode: 'FRRGPP40M10F839J',
    phones: ['+390255550010'],
    email: null,
    language: 'it',
    tickets: [],
  },
  {
    id: 'demo-sara-esposito',
    firstName: 'Sara',
    lastName: 'Esposito',
    fiscalCode: 'ESPSRA48D59F205Z',
    phones: ['+390255550010', '+393331110007'],
    email: null,
    language: 'it',
    tickets: [],
  },
  {
    id: 'demo-melissa-brambilla',
    firstName: 'Melissa',
    lastName: 'Brambilla',
    fiscalCode: 'BRMLSS81S62F205M',
    phones: ['+393331110008'],
    email: 'melissa.brambilla@example.org',
    language: 'en',
    tickets: [],
  },
];
