/**
 * A small directory for demos, the simulator and tests (`npm run up` imports it when the directory
 * is empty; never otherwise). Extensions 2001-2010 are the office phones in asterisk-config/pjsip.conf.
 */
export const DEMO_DIRECTORY_CSV = `tipo;nome;cognome;denominazione;ufficio;settore;interno;numero_esterno;parole_chiave;alias;orari
persona;Nicolò;D'Angelo;;Ufficio Tributi;Direzione Entrate;2001;;TARI|IMU|avvisi di pagamento;;lun-ven 9-13
persona;Giulia;De Luca;;Servizi Sociali;Direzione Welfare;2002;;assistenza domiciliare|contributi;;lun-gio 9-16
persona;Mario;Rossi;;Anagrafe;Direzione Servizi Civici;2003;;residenza|certificati;;
persona;Anna;Rossini;;Polizia Locale;Comando;2004;;multe|verbali|rimozioni;;
persona;Luca;Delucchi;;Mobilità;Direzione Mobilità;2005;;pass sosta|ZTL|Area B;;
ufficio;;;URP Municipio 1;;;2006;;reclami|segnalazioni|informazioni;Relazioni con il pubblico;lun-ven 8.30-16
ufficio;;;Sportello Anagrafe Centrale;;;2007;;carta d'identità|residenza|cambio indirizzo;;lun-sab 8.30-12
ufficio;;;Protocollo generale;;;2008;;posta|PEC|raccomandate;;
persona;Paola;Sant'Ambrogio;;Segreteria del Sindaco;Gabinetto del Sindaco;2009;+390288450000;;;
`;
