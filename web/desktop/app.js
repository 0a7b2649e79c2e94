// The agent desktop: log in, change state, see the screen-pop before answering, wrap up with a
// ticket. State comes from the engine over WebSocket; actions go through the HTTP API. No build,
// no dependencies: one module the engine serves.
import { renderMySurveys } from './surveys.js';

const $ = (id) => document.getElementById(id);
/** The agent's own survey averages; a failure is shown where the actions' errors are. */
const mySurveys = () => renderMySurveys(api).catch((e) => { $('action-error').textContent = `Valutazioni non disponibili: ${e.message}`; });
const STATES = { logged_out: 'Fuori servizio', available: 'Disponibile', reserved: 'Squilla', on_call: 'In conversazione', wrap_up: 'Post-chiamata', paused: 'In pausa' };
const LEVELS = { primo_livello: 'Primo livello', back_office: 'Back office', secondo_livello: 'Secondo livello (ufficio)' };
const STATUSES = { aperto: 'Aperta', in_lavorazione: 'In lavorazione', inoltrato: 'Inoltrata', risolto: 'Risolta', annullato: 'Annullata' };
const OUTCOMES = { risolto: 'Risolto al primo contatto', ticket: 'Pratica aperta o aggiornata', richiamare: 'Da richiamare', informazioni: 'Solo informazioni', non_pertinente: 'Non pertinente' };

let token = localStorage.getItem('cc-desk-token');
let socket;
let retry = 0;
let me = null;
let pop = null;
/** The announced transfer in progress ({extension, status}), or null. */
let consult = null;
let timer;

function show(view) {
  $('login').hidden = view !== 'login';
  $('desk').hidden = view !== 'desk';
  if (view === 'login') $('login-agent').focus();
}

async function api(method, path, body) {
  const res = await fetch(path, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (res.status === 401) { signOut(); throw new Error('Sessione scaduta: accedi di nuovo'); }
  const data = res.status === 204 ? null : await res.json();
  if (!res.ok) throw new Error(data?.error ?? `errore ${res.status}`);
  return data;
}

function signOut() {
  localStorage.removeItem('cc-desk-token');
  token = null;
  socket?.close();
  show('login');
}

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('login-error').textContent = '';
  const res = await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId: $('login-agent').value.trim(), pin: $('login-pin').value }) });
  const data = await res.json();
  if (!res.ok) { $('login-error').textContent = res.status === 429 ? 'Troppi tentativi: riprova tra qualche minuto.' : 'Codice operatore o PIN errati.'; return; }
  token = data.token;
  localStorage.setItem('cc-desk-token', token);
  $('login-pin').value = '';
  connect();
});

$('sign-out').addEventListener('click', async () => { await api('DELETE', '/api/sessions/current').catch(() => {}); signOut(); });

for (const button of document.querySelectorAll('[data-action]')) {
  button.addEventListener('click', async () => {
    $('action-error').textContent = '';
    const action = button.dataset.action;
    try {
      const agent = await api('POST', '/api/me/state', action === 'pause' ? { action, reason: $('pause-reason').value } : { action });
      renderAgent(agent);
    } catch (err) { $('action-error').textContent = err.message; }
  });
}

function connect() {
  if (!token) return show('login');
  show('desk');
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  socket = ws;
  ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token }));
  ws.onmessage = (m) => handle(JSON.parse(m.data));
  ws.onclose = (e) => {
    if (socket !== ws) return;
    if (e.code === 4401) return signOut();
    if (!token) return;
    // Reconnect with a growing pause; the snapshot on reconnect restores everything.
    $('connection').textContent = 'Connessione persa, riconnessione…';
    $('connection').className = 'connection down';
    setTimeout(connect, Math.min(500 * 2 ** retry++, 5000));
  };
}

function handle(msg) {
  if (msg.type === 'hello') {
    retry = 0;
    $('connection').textContent = 'connesso';
    $('connection').className = 'connection';
    fillOptions(msg);
    renderAgent(msg.agent);
    renderPop(msg.pop);
    renderConsult(msg.consult);
    void mySurveys();
  } else if (msg.type === 'agent') renderAgent(msg.agent);
  else if (msg.type === 'consult' && pop && msg.callId === pop.callId) renderConsult(msg.status === 'ended' ? null : msg, msg.reason);
  else if (msg.type === 'offer') renderPop(msg.pop);
  else if (msg.type === 'call' && pop && msg.callId === pop.callId) {
    $('pop-title').textContent = { connected: pop.callback ? 'In conversazione (richiamata)' : 'In conversazione', ended: 'Chiamata terminata: compila l’esito', offer_ended: 'Chiamata non risposta' }[msg.status] ?? $('pop-title').textContent;
    if (msg.status === 'offer_ended') renderPop(null);
    // The caller may rate the call now: the averages are read again a little later.
    if (msg.status === 'ended') setTimeout(mySurveys, 60_000);
  }
}

function fillOptions(msg) {
  $('pause-reason').replaceChildren(...msg.pauseReasons.map((r) => new Option(r.name, r.id)));
  $('wrap-outcome').replaceChildren(...msg.options.outcomes.map((o) => new Option(OUTCOMES[o] ?? o, o)));
  $('transfer-queue').replaceChildren(...msg.options.queues.map((q) => new Option(q.name, q.id)));
  $('wrap-category').replaceChildren(...msg.options.categories.map((c) => new Option(c, c)));
  for (const s of document.querySelectorAll('select.levels')) s.append(...msg.options.levels.map((l) => new Option(LEVELS[l] ?? l, l)));
  for (const s of document.querySelectorAll('select.statuses')) s.append(...msg.options.statuses.map((l) => new Option(STATUSES[l] ?? l, l)));
}

function renderAgent(agent) {
  me = agent;
  if (!agent) return;
  $('agent-name').textContent = `${agent.name} (${agent.id})`;
  $('state').textContent = STATES[agent.status] + (agent.status === 'paused' && agent.reason ? `: ${agent.reason}` : '');
  $('state').className = `badge ${agent.status}`;
  const can = { login: ['logged_out'], ready: ['paused', 'wrap_up'], pause: ['available', 'wrap_up'], logout: ['available', 'paused', 'wrap_up'] };
  for (const b of document.querySelectorAll('[data-action]')) b.disabled = !can[b.dataset.action].includes(agent.status);
  $('transfer').hidden = agent.status !== 'on_call' || consult !== null;
  if (agent.status !== 'on_call') renderConsult(null);
  clearInterval(timer);
  const tick = () => { const s = Math.max(0, Math.round((Date.now() - agent.since) / 1000)); $('state-time').textContent = `da ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`; };
  tick();
  timer = setInterval(tick, 1000);
}

function text(tag, content, cls) { const el = document.createElement(tag); el.textContent = content; if (cls) el.className = cls; return el; }

function renderPop(p) {
  pop = p;
  $('pop').hidden = !p;
  $('wrap-result').textContent = '';
  if (!p) return;
  $('pop-title').textContent = me?.status === 'on_call' ? 'In conversazione' : me?.status === 'wrap_up' ? 'Chiamata terminata: compila l’esito' : p.callback ? `Richiamata per ${p.callerNumber}` : 'Chiamata in arrivo';
  $('pop-number').textContent = p.callerNumber || 'numero riservato';
  // A callback: the citizen is not on the line yet; the engine dials them once the agent answers.
  $('pop-callback').hidden = !p.callback;
  if (p.callback) $('pop-callback').textContent = `Richiamata prenotata dal cittadino${p.callback.attempt > 1 ? ` (tentativo ${p.callback.attempt})` : ''}: rispondendo, il sistema chiama il ${p.callerNumber}.${p.callback.note ? ` Nota: ${p.callback.note}` : ''}`;
  const waited = Math.round((p.offeredAt - p.enteredAt) / 1000);
  $('pop-queue').textContent = `Coda ${p.queue}${p.transferredFrom ? ` (trasferita da ${p.transferredFrom})` : ''}${p.returnedFrom ? ` (tornata: l’interno ${p.returnedFrom} non ha risposto)` : ''} · attesa ${Math.floor(waited / 60)} min ${waited % 60} s`;
  const c = p.crm;
  const who = !c.available ? [text('p', 'CRM non disponibile: cittadino non verificato', 'error')]
    : c.citizens.length === 0 ? [text('p', 'Cittadino non riconosciuto', 'muted')]
    : c.citizens.map((z) => text('p', `${z.firstName} ${z.lastName}${z.fiscalCode ? ` · ${z.fiscalCode}` : ''}${c.citizens.length > 1 ? ' (numero condiviso)' : ''}`, 'big-name'));
  if (p.internalCaller) who.unshift(text('p', `Interno: ${p.internalCaller.name}${p.internalCaller.office ? ` · ${p.internalCaller.office}` : ''}${p.internalCaller.extension ? ` · int. ${p.internalCaller.extension}` : ''}`, 'big-name'));
  $('pop-citizen').replaceChildren(...who);
  $('pop-tickets').replaceChildren(...(c.openTickets.length ? c.openTickets.map((t) => text('li', `n. ${t.number} · ${t.category} · ${t.subject} · ${STATUSES[t.status] ?? t.status} · ${LEVELS[t.level] ?? t.level}`)) : [text('li', 'Nessuna', 'muted')]));
  $('pop-tags').replaceChildren(...p.tags.map((t) => text('span', t)));
  $('pop-journey').replaceChildren(...p.journey.filter((j) => j.type !== 'announcements').map((j) => text('li', `${j.node}${j.choice ? ` → ${j.choice}` : ''}`)));
  // What the caller keyed or the flow set; the look-up's own variables are already shown above.
  const LOOKUP = new Set(['crm_lookup', 'open_tickets', 'has_open_ticket', 'ticket_number', 'ticket_status', 'ticket_category']);
  const vars = Object.entries(p.vars).filter(([k]) => !k.startsWith('citizen_') && !LOOKUP.has(k));
  $('pop-vars').replaceChildren(...vars.flatMap(([k, v]) => [text('dt', k), text('dd', v)]));
  $('wrap-ticket').replaceChildren(...c.openTickets.map((t) => new Option(`n. ${t.number} · ${t.subject}`, String(t.number))));
}

const CONSULT_ENDED = { no_answer: 'non risponde', unreachable: 'non raggiungibile', failed: 'non raggiungibile', cancelled: 'annullato', extension: 'l’interno ha riagganciato', caller: 'il cittadino ha riagganciato' };

/** An announced transfer: the extension rings, then the agent talks to it and completes or cancels. */
function renderConsult(c, reason) {
  const was = consult;
  consult = c;
  $('consult').hidden = !c;
  $('transfer').hidden = me?.status !== 'on_call' || c !== null;
  $('consult-complete').disabled = !c || c.status !== 'talking';
  if (c) $('consult-status').textContent = c.status === 'talking' ? `In linea con l’interno ${c.extension}: il cittadino è in attesa con la musica` : `Chiamo l’interno ${c.extension}…`;
  else if (was && reason) $('transfer-result').textContent = `Trasferimento all’interno ${was.extension} non riuscito (${CONSULT_ENDED[reason] ?? reason}): è di nuovo in linea con il cittadino.`;
  $('consult-result').textContent = '';
  if (c?.status === 'talking') $('consult-complete').focus();
}

for (const [id, action] of [['consult-complete', 'complete'], ['consult-cancel', 'cancel']]) {
  $(id).addEventListener('click', async () => {
    if (!pop) return;
    try {
      await api('POST', `/api/me/calls/${encodeURIComponent(pop.callId)}/consult/${action}`);
      $('consult-result').textContent = action === 'complete' ? 'Trasferimento in corso…' : 'Riprendo il cittadino…';
    } catch (err) { $('consult-result').textContent = err.message; }
  });
}

// The directory: results fill the extension; the agent then chooses announced or direct.
let searchTimer;
$('directory-q').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const q = $('directory-q').value.trim();
    if (q.length < 2) return $('directory-results').replaceChildren();
    try {
      const { entries } = await api('GET', `/api/directory/search?q=${encodeURIComponent(q)}&limit=8`);
      $('directory-results').replaceChildren(...(entries.length ? entries.map((e) => {
        const li = document.createElement('li');
        const b = text('button', `${e.displayName}${e.office ? ` · ${e.office}` : ''}${e.extension ? ` · int. ${e.extension}` : ''}${e.hours ? ` · ${e.hours}` : ''}`);
        b.type = 'button';
        b.disabled = !e.extension;
        b.addEventListener('click', () => { $('transfer-extension').value = e.extension; $('transfer-extension').focus(); });
        li.append(b);
        return li;
      }) : [text('li', 'Nessun risultato', 'muted')]));
    } catch (err) { $('directory-results').replaceChildren(text('li', err.message, 'error')); }
  }, 200);
});

for (const radio of document.querySelectorAll('input[name=to]')) {
  radio.addEventListener('change', () => { for (const d of document.querySelectorAll('[data-to]')) d.hidden = d.dataset.to !== radio.value; });
}

for (const radio of document.querySelectorAll('input[name=ticket]')) {
  radio.addEventListener('change', () => { for (const d of document.querySelectorAll('[data-ticket]')) d.hidden = d.dataset.ticket !== radio.value; });
}

$('transfer').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!pop) return;
  try {
    const f = new FormData(e.target);
    const body = f.get('to') === 'queue' ? { queue: $('transfer-queue').value } : { extension: $('transfer-extension').value.trim(), mode: f.get('mode') };
    await api('POST', `/api/me/calls/${encodeURIComponent(pop.callId)}/transfer`, body);
    $('transfer-result').textContent = body.mode === 'announced' ? '' : 'Trasferimento in corso…';
  } catch (err) { $('transfer-result').textContent = err.message; }
});

$('wrap-up').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!pop) return;
  const f = new FormData(e.target);
  const body = { outcome: f.get('outcome') };
  if (f.get('notes')) body.notes = f.get('notes');
  if (f.get('ticket') === 'new') body.newTicket = { category: f.get('category'), subject: f.get('subject'), level: f.get('level'), ...(f.get('department') ? { department: f.get('department') } : {}) };
  if (f.get('ticket') === 'update') body.ticketUpdate = { number: Number(f.get('number')), ...(f.get('status') ? { status: f.get('status') } : {}), ...(f.get('updateLevel') ? { level: f.get('updateLevel') } : {}), ...(f.get('updateDepartment') ? { department: f.get('updateDepartment') } : {}), ...(f.get('notes') ? { note: f.get('notes') } : {}) };
  try {
    const { ticket } = await api('POST', `/api/me/calls/${encodeURIComponent(pop.callId)}/wrap-up`, body);
    $('wrap-result').textContent = ticket ? `Salvato. Pratica n. ${ticket.number}.` : 'Salvato.';
    $('pop-title').textContent = 'Esito salvato';
    e.target.reset();
    for (const d of document.querySelectorAll('[data-ticket]')) d.hidden = true;
  } catch (err) { $('wrap-result').textContent = err.message; }
});

connect();
