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
  callbackNumberIs: 'La richiameremo al numero',
  callbackConfirmNumber: 'Per confermare, prema 1. Per indicare un altro numero, prema 2.',
  callbackKeyNumber: 'Digiti il numero di telefono al quale vuole essere richiamato, poi prema cancelletto.',
  callbackNumberRefused: 'Questo numero non può essere richiamato. Indichi un numero italiano, fisso o cellulare.',
  callbackChooseWhen: "Per essere richiamato appena sarà il suo turno, prema 1. Per scegliere il giorno e l'ora, prema 2.",
  callbackBookedInTurn: 'Grazie. La richiameremo appena sarà il suo turno. Ora può riagganciare.',
  callbackNoSlots: 'Ci scusiamo, nei prossimi giorni non ci sono orari liberi per la richiamata.',
  callbackSlotTaken: "L'orario scelto non è più disponibile.",
  callbackNotBooked: 'Ci scusiamo, in questo momento non è stato possibile prenotare la richiamata.',
  callbackKeepOrCancel: 'Per mantenerla, prema 1. Per annullarla, prema 2. Per gli altri servizi, resti in linea.',
  callbackKept: 'La richiamata resta prenotata.',
  callbackCancelled: 'La richiamata è stata annullata.',
  callbackNotCancelled: "Ci scusiamo, in questo momento non è stato possibile annullare la richiamata.",
  ticketNumberIs: 'Il numero della sua pratica è',
  ticketNumberAgain: 'Ripeto, il numero è',
  ticketNotCreated: 'Ci scusiamo, in questo momento non è stato possibile registrare la sua richiesta.',
  surveyNotUnderstood: 'Non ho capito. Riproviamo.',
  surveyThanks: 'Grazie per la sua valutazione, ci aiuta a migliorare il servizio. Arrivederci.',
} as const;

export type SystemPromptId = keyof typeof SYSTEM_PROMPTS;
