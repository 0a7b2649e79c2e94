// The supervisor's live view: queues, agents, emergency messages and live flow versions, pushed
// by the engine every couple of seconds over WebSocket. No build, no dependencies.
import { supervisorSignIn } from '/shared/sign-in.js';

const $ = (id) => document.getElementById(id);
const STATES = { logged_out: 'Fuori servizio', available: 'Disponibile', reserved: 'Squilla', on_call: 'In conversazione', wrap_up: 'Post-chiamata', paused: 'In pausa' };
const session = supervisorSignIn('cc-live-token', (t) => { token = t; connect(); });
let token = session.saved();
let socket;
let retry = 0;

const mmss = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
function cell(content, cls) { const td = document.createElement('td'); td.textContent = content; if (cls) td.className = cls; return td; }
function show(view) { $('login').hidden = view !== 'login'; $('live').hidden = view !== 'live'; }

$('sign-out').addEventListener('click', () => { session.forget(); token = null; socket?.close(); show('login'); });

function connect() {
  if (!token) return show('login');
  show('live');
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  socket = ws;
  ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token }));
  ws.onmessage = (m) => { const msg = JSON.parse(m.data); if (msg.type === 'live') { retry = 0; render(msg.view); } };
  ws.onclose = (e) => {
    if (socket !== ws || !token) return;
    if (e.code === 4401) { session.forget(); token = null; return show('login'); }
    $('updated').textContent = 'connessione persa, riconnessione…';
    setTimeout(connect, Math.min(500 * 2 ** retry++, 5000));
  };
}

async function setState(agentId, action, reason) {
  $('agent-error').textContent = '';
  const res = await fetch(`/api/agents/${encodeURIComponent(agentId)}/state`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(reason ? { action, reason } : { action }) });
  if (!res.ok) $('agent-error').textContent = (await res.json()).error;
}

function render(view) {
  $('updated').textContent = `aggiornato alle ${new Date(view.at).toLocaleTimeString('it-IT')}`;
  $('queues').tBodies[0].replaceChildren(...view.queues.map((q) => {
    const tr = document.createElement('tr');
    tr.dataset.queue = q.id;
    const t = q.today;
    const sl = t.serviceLevel === null ? '—' : `${t.serviceLevel} % (obiettivo ${t.serviceLevelTarget.percent} % in ${t.serviceLevelTarget.seconds} s)`;
    tr.append(cell(q.name), cell(String(q.waiting), 'num waiting'), cell(mmss(q.longestWaitSeconds), q.longestWaitSeconds > t.serviceLevelTarget.seconds ? 'num bad' : 'num'),
      cell(String(q.agents.available), 'num'), cell(String(q.agents.on_call + q.agents.reserved), 'num'), cell(String(q.agents.paused), 'num'),
      cell(String(t.entered), 'num entered'), cell(String(t.answered), 'num answered'),
      cell(sl, t.serviceLevel === null ? 'num' : t.serviceLevel >= t.serviceLevelTarget.percent ? 'num good' : 'num bad'),
      cell(t.asaSeconds === null ? '—' : `${Math.round(t.asaSeconds)} s`, 'num'), cell(t.abandonRate === null ? '—' : `${t.abandoned} (${t.abandonRate} %)`, 'num abandoned'));
    return tr;
  }));
  $('agents').tBodies[0].replaceChildren(...view.agents.map((a) => {
    const tr = document.createElement('tr');
    tr.dataset.agent = a.id;
    const actions = document.createElement('td');
    const add = (label, action, reason) => { const b = document.createElement('button'); b.textContent = label; b.addEventListener('click', () => setState(a.id, action, reason)); actions.append(b, ' '); };
    if (['available', 'wrap_up'].includes(a.status)) add('Metti in pausa', 'pause', 'pausa');
    if (a.status === 'paused' || a.status === 'wrap_up') add('Rendi disponibile', 'ready');
    if (['available', 'paused', 'wrap_up'].includes(a.status)) add('Togli dal servizio', 'logout');
    tr.append(cell(a.name), cell(STATES[a.status] + (a.reason ? `: ${a.reason}` : '')), cell(mmss(a.secondsInState), 'num'), cell(a.queues.join(', ')), actions);
    return tr;
  }));
  const em = view.announcements;
  $('emergency').hidden = em.length === 0;
  $('emergency').replaceChildren(...em.map((a) => { const p = document.createElement('p'); p.textContent = `${a.kind === 'emergency' ? 'Emergenza' : 'Informazione'} attiva (${a.flows.join(', ')}): ${a.text}`; return p; }));
  $('flows').replaceChildren(...Object.entries(view.flows).map(([id, v]) => { const li = document.createElement('li'); li.textContent = `${id}: versione ${v}`; return li; }));
}

connect();
