/**
 * Messages the engine itself plays, outside any flow. Rendered at set-up like flow prompts;
 * `engineUnavailable` is also played by the dialplan when the engine is not connected.
 */
export const SYSTEM_PROMPTS = {
  numberNotServed:
    'Il numero chiamato non è attivo. La preghiamo di verificare il numero e di richiamare. Arrivederci.',
  technicalProblem:
    'Ci scusiamo, si è verificato un problema tecnico. La preghiamo di richiamare tra qualche minuto. Arrivederci.',
  transferNoAnswer:
    "L'interno non risponde. La rimettiamo in attesa: le risponderà il primo operatore libero.",
  operatorsBusy:
    'In questo momento tutti gli operatori sono occupati. La preghiamo di richiamare più tardi. Arrivederci.',
  engineUnavailable:
    'Il servizio è momentaneamente non disponibile. La preghiamo di richiamare tra qualche minuto. Arrivederci.',
  queuePosition: 'La sua posizione in coda è',
  queueWaitLessThan: 'Il tempo di attesa previsto è inferiore a',
  queueMinutes: 'minuti.',
  queueWaitUnderOneMinute: 'Il tempo di attesa previsto è inferiore a un minuto.',
  queueStayOnLine: 'Tutti gli operatori sono occupati. La preghiamo di restare in linea per non perdere la priorità acquisita.',
  queueCallbackOffer: 'Se preferisce essere richiamato, senza perdere il suo posto in coda, prema 2.',
  ticketNumberIs: 'Il numero della sua pratica è',
  ticketNumberAgain: 'Ripeto, il numero è',
  ticketNotCreated: 'Ci scusiamo, in questo momento non è stato possibile registrare la sua richiesta.',
} as const;

export type SystemPromptId = keyof typeof SYSTEM_PROMPTS;
