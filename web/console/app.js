// The supervisor's console: opening hours and closures, emergency and information messages, the
// live flows with a call simulator, and who changed what. Plain JavaScript on the engine's API:
// no build, no dependencies. Every change applies to the next caller.
import { supervisorSignIn } from '/shared/sign-in.js';

const $ = (id) => document.getElementById(id);
const session = supervisorSignIn('cc-console-token', async (t) => { token = t; await start(); });
let token = session.saved();

const when = (iso) => new Date(iso).toLocaleString('it-IT', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'short' });
const STATE = { open: 'Aperto', closed: 'Chiuso', holiday: 'Festivo' };
const KIND = { emergency: 'Emergenza', info: 'Informazione' };

function cell(content, cls) { const td = document.createElement('td'); td.textContent = content; if (cls) td.className = cls; return td; }
function button(label, onClick, cls = 'secondary') { const b = document.createElement('button'); b.type = 'button'; b.textContent = label; b.className = cls; b.addEventListener('click', onClick); return b; }
function row(...cells) { const tr = document.createElement('tr'); tr.append(...cells); return tr; }
function actions(...buttons) { const td = document.createElement('td'); buttons.forEach((b, i) => td.append(...(i ? [' ', b] : [b]))); return td; }
function say(text) { $('status').textContent = text; }
/** The rows of a table, or one row saying there are none. */
function fill(table, rows, none) {
  if (rows.length > 0) return $(table).tBodies[0].replaceChildren(...rows);
  const td = cell(none, 'muted');
  td.colSpan = $(table).tHead.rows[0].cells.length;
  $(table).tBodies[0].replaceChildren(row(td));
}

async function api(method, path, body) {
  const res = await fetch(path, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status === 401) { signOut(); throw new Error('sessione scaduta: accedere di nuovo'); }
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new Error([json?.error ?? `errore ${res.status}`, ...(json?.problems ?? [])].join('\n'));
  return json;
}

function show(view) { $('login').hidden = view !== 'login'; $('console').hidden = view !== 'console'; }
function signOut() { session.forget(); token = null; show('login'); }

$('sign-out').addEventListener('click', signOut);

/** Runs a change from a form: its errors are shown beside it, the console reloaded after. */
function guarded(errorId, change) {
  return async (e) => {
    e?.preventDefault();
    $(errorId).textContent = '';
    try {
      say(await change());
      await load();
    } catch (error) {
      $(errorId).textContent = error.message;
    }
  };
}

// --- Opening hours and closures ---
async function loadSchedules() {
  const s = await api('GET', '/api/schedules');
  $('schedules').tBodies[0].replaceChildren(...s.now.map((n) => row(cell(n.description ? `${n.id} — ${n.description}` : n.id), cell(STATE[n.state], n.state === 'open' ? 'open' : 'closed'), cell(n.reason))));
  const select = $('close-schedule');
  const chosen = select.value;
  select.replaceChildren(...s.now.map((n) => new Option(n.id, n.id)));
  if (chosen) select.value = chosen;
  fill('closures', s.closures.map((c) => row(cell(c.schedule), cell(c.name), cell(c.from), cell(c.to), cell(c.message ?? '—'),
    actions(button(`Riapri (${c.name})`, guarded('close-error', async () => {
      const v = await api('DELETE', `/api/schedules/${encodeURIComponent(c.schedule)}/closures/${encodeURIComponent(c.name)}`);
      return `${c.schedule}: chiusura «${c.name}» tolta (versione ${v.version}).`;
    }))))), 'Nessuna chiusura.');
  $('schedules-download').href = `data:text/yaml;charset=utf-8,${encodeURIComponent(s.text ?? "")}`;
  const versions = [...s.versions].reverse();
  $('schedule-versions').tBodies[0].replaceChildren(...versions.map((v) => row(cell(`${v.version}${v.live ? ' (in linea)' : ''}`), cell(when(v.at)), cell(v.author), cell(v.message),
    actions(
      ...(v.version > 1 ? [button(`Cosa è cambiato nella ${v.version}`, async () => {
        const d = await api('GET', `/api/schedules/diff?from=${v.version - 1}&to=${v.version}`);
        $('schedule-diff').textContent = `Dalla versione ${d.from} alla ${d.to}: ${d.changes.join('; ') || 'nessun cambiamento'}.`;
      })] : []),
      ...(v.live ? [] : [button(`Rimetti in linea la ${v.version}`, guarded('close-error', async () => { await api('POST', '/api/schedules/rollback', { version: v.version }); return `schedules.yaml: la versione ${v.version} è di nuovo in linea.`; }))]),
    ))));
  return s.versions;
}

$('close-form').addEventListener('submit', guarded('close-error', async () => {
  const schedule = $('close-schedule').value;
  const body = { from: $('close-from').value.trim(), to: $('close-to').value.trim(), name: $('close-name').value.trim() };
  const message = $('close-message').value.trim();
  const v = await api('POST', `/api/schedules/${encodeURIComponent(schedule)}/closures`, message ? { ...body, message } : body);
  $('close-form').reset();
  return `${schedule} chiuso dal ${body.from} al ${body.to} (${body.name}): versione ${v.version}, vale dalla prossima chiamata.`;
}));

$('schedules-publish-form').addEventListener('submit', guarded('schedules-publish-error', async () => {
  const text = await $('schedules-publish-file').files[0].text();
  const r = await api('POST', '/api/schedules/publish', { text, message: $('schedules-publish-message').value.trim() });
  $('schedules-publish-form').reset();
  return r.created ? `schedules.yaml: la versione ${r.version} è in linea dalla prossima chiamata.` : `schedules.yaml: identico alla versione ${r.version}, di nuovo in linea.`;
}));

// --- Messages ---
async function loadAnnouncements() {
  const list = await api('GET', '/api/announcements');
  fill('announcements', list.map((a) => row(cell(a.id), cell(`${KIND[a.kind]}${a.activeNow ? '' : ' (fuori orario)'}`), cell(a.text), cell(a.flows.join(', ')),
    actions(button(`Spegni ${a.id}`, guarded('announce-error', async () => { await api('DELETE', `/api/announcements/${encodeURIComponent(a.id)}`); return `Messaggio ${a.id} spento.`; }))))), 'Nessun messaggio acceso.');
  return list;
}

$('announce-form').addEventListener('submit', guarded('announce-error', async () => {
  const id = $('announce-id').value.trim();
  await api('PUT', `/api/announcements/${encodeURIComponent(id)}`, { kind: $('announce-kind').value, text: $('announce-text').value.trim() });
  $('announce-form').reset();
  return `Messaggio ${id} acceso: lo sente la prossima chiamata.`;
}));

// --- Flows and the simulator ---
async function loadFlows() {
  const flows = await api('GET', '/api/flows');
  $('flows').tBodies[0].replaceChildren(...flows.map((f) => row(cell(f.flowId), cell(String(f.live.version)), cell(f.live.at ? when(f.live.at) : '—'), cell(f.live.author), cell(f.live.message),
    actions(button(`Schema di ${f.flowId}`, () => showDiagram(f.flowId))))));
  const all = await Promise.all(flows.map(async (f) => ({ flowId: f.flowId, versions: await api('GET', `/api/flows/${encodeURIComponent(f.flowId)}/versions`) })));
  const select = $('versions-flow');
  const chosen = select.value;
  select.replaceChildren(...all.map((f) => new Option(f.flowId, f.flowId)));
  if (chosen) select.value = chosen;
  showVersions(all);
  return all;
}

let flowVersions = [];
/** The chosen flow's versions, newest first: what each changed, and a way back to it. */
function showVersions(all = flowVersions) {
  flowVersions = all;
  const flowId = $('versions-flow').value;
  const versions = [...(all.find((f) => f.flowId === flowId)?.versions ?? [])].reverse();
  const id = encodeURIComponent(flowId);
  fill('flow-versions', versions.map((v) => row(cell(`${v.version}${v.live ? ' (in linea)' : ''}`), cell(when(v.at)), cell(v.author), cell(v.message),
    actions(
      ...(v.version > 1 ? [button(`Cosa è cambiato nella ${v.version} di ${flowId}`, async () => {
        const d = await api('GET', `/api/flows/${id}/diff?from=${v.version - 1}&to=${v.version}`);
        $('flow-diff').textContent = `${flowId}, dalla versione ${d.from} alla ${d.to}: ${d.changes.join('; ')}.`;
      })] : []),
      ...(v.live ? [] : [button(`Rimetti in linea la ${v.version} di ${flowId}`, guarded('publish-error', async () => { await api('POST', `/api/flows/${id}/rollback`, { version: v.version }); return `${flowId}: la versione ${v.version} è di nuovo in linea.`; }))]),
    ))), 'Nessuna versione.');
}
$('versions-flow').addEventListener('change', () => showVersions());

$('publish-form').addEventListener('submit', guarded('publish-error', async () => {
  const file = $('publish-file').files[0];
  const text = await file.text();
  const flowId = /^id:\s*([a-z][a-z0-9_-]*)/m.exec(text)?.[1];
  if (!flowId) throw new Error(`${file.name}: manca la riga «id:» del flusso`);
  const override = $('publish-override').value.trim();
  const r = await api('POST', `/api/flows/${encodeURIComponent(flowId)}/publish`, { text, message: $('publish-message').value.trim(), ...(override ? { overrideTests: override } : {}) });
  $('publish-form').reset();
  return r.created ? `${flowId}: la versione ${r.version} è in linea dalla prossima chiamata.` : `${flowId}: identico alla versione ${r.version}, di nuovo in linea.`;
}));

/** The live version's diagram (the steps it changed highlighted), as an image with its description. */
async function showDiagram(flowId) {
  const res = await fetch(`/api/flows/${encodeURIComponent(flowId)}/diagram.svg`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) { say(`Schema di ${flowId}: errore ${res.status}`); return; }
  const svg = await res.text();
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const described = `${doc.querySelector('title')?.textContent ?? flowId}. ${doc.querySelector('desc')?.textContent ?? ''}`;
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  $('diagram-image').src = url;
  $('diagram-image').alt = described;
  $('diagram-caption').textContent = described;
  $('diagram-download').href = url;
  $('diagram-download').setAttribute('download', `${flowId}.svg`);
  $('diagram').hidden = false;
  say(`Schema di ${flowId} mostrato sotto l'elenco dei flussi.`);
}

for (const key of document.querySelectorAll('.keypad button')) {
  key.addEventListener('click', () => {
    const k = key.dataset.key ?? key.textContent;
    $('sim-keys').value = k === 'clear' ? '' : $('sim-keys').value + k;
  });
}

$('simulate-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('simulate-error').textContent = '';
  const at = $('sim-at').value.trim();
  try {
    const sim = await api('POST', '/api/flows/simulate', { number: $('sim-number').value.trim(), keys: $('sim-keys').value, ...(at ? { at } : {}) });
    $('transcript').replaceChildren(...sim.lines.map((l) => { const li = document.createElement('li'); li.textContent = l; return li; }));
    say(`Simulazione: ${sim.destination}.`);
  } catch (error) {
    $('simulate-error').textContent = error.message;
  }
});

// --- Who changed what ---
function audit(scheduleVersions, queueVersions, flows, announcements) {
  const entries = [
    ...scheduleVersions.map((v) => ({ at: v.at, author: v.author, doc: `schedules.yaml v${v.version}`, what: v.message })),
    ...queueVersions.map((v) => ({ at: v.at, author: v.author, doc: `queues.yaml v${v.version}`, what: v.message })),
    ...flows.flatMap((f) => f.versions.map((v) => ({ at: v.at, author: v.author, doc: `${f.flowId} v${v.version}`, what: v.message }))),
    ...announcements.map((a) => ({ at: a.at, author: a.by, doc: `messaggio ${a.id}`, what: a.action === 'on' ? `acceso: ${a.text}` : 'spento' })),
  ].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 50);
  $('audit').tBodies[0].replaceChildren(...entries.map((e) => row(cell(when(e.at)), cell(e.author), cell(e.doc), cell(e.what))));
}

async function load() {
  const [schedules, , flows, queues, announcements] = await Promise.all([loadSchedules(), loadAnnouncements(), loadFlows(), api('GET', '/api/queues/config'), api('GET', '/api/announcements/history?limit=50')]);
  audit(schedules, queues.versions, flows, announcements);
}

async function start() {
  if (!token) return show('login');
  show('console');
  try {
    await load();
    say('Console aggiornata.');
  } catch (error) {
    say(`Errore: ${error.message}`);
  }
}

start();
