// The reports page: a period's figures by queue, topic, IVR step and agent, two charts (uPlot,
// served by the engine), and behind every number the list of the calls it counts. The periods
// start from the engine's "today" (one clock). No build: plain JavaScript, one module.
import { supervisorSignIn } from '/shared/sign-in.js';
import { renderSurveys } from './surveys.js';

const $ = (id) => document.getElementById(id);
const session = supervisorSignIn('cc-reports-token', (t) => { token = t; start(); });
let token = session.saved();
let today = '';
let period = { from: '', to: '' };
let list = { filter: {}, offset: 0 };
const charts = {};
const PAGE = 100;

const nf = new Intl.NumberFormat('it-IT');
const int = (n) => nf.format(n);
const pct = (r) => (r === null || r === undefined ? '—' : `${new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(r * 100)} %`);
const secs = (s) => (s === null || s === undefined ? '—' : s < 60 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`);
const dayLabel = (d) => new Date(`${d}T12:00:00Z`).toLocaleDateString('it-IT', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const OUTCOMES = { answered: 'risposta', abandoned: 'abbandonata', short_abandoned: 'abbandono breve', callback: 'richiamata scelta', left: 'uscita senza operatore', lost: 'persa per guasto', waiting: 'in attesa' };
const CALL_OUTCOMES = { completed: 'conclusa', caller_hung_up: 'riagganciata dal cittadino', number_not_served: 'numero non attivo', recovered_after_restart: 'interrotta da un riavvio', channel_lost: 'persa per guasto', failed: 'guasto', refused_shutting_down: 'motore in arresto' };
const WEEKDAYS = ['Lunedì', 'Martedì', 'Mercoledì', 'Giovedì', 'Venerdì', 'Sabato', 'Domenica'];
const COLOURS = ['#0b5394', '#17702a', '#b00020', '#8a4f00', '#6a1b9a', '#00695c', '#37474f'];

function show(view) { $('login').hidden = view !== 'login'; $('reports').hidden = view !== 'reports'; }
function cell(content, cls) { const td = document.createElement('td'); if (content instanceof Node) td.append(content); else td.textContent = content; if (cls) td.className = cls; return td; }
function row(...cells) { const tr = document.createElement('tr'); tr.append(...cells); return tr; }
/** A figure that opens the list of the calls it counts. */
function figure(n, filter, title) {
  if (!n) return cell(int(n ?? 0), 'num');
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'link';
  b.textContent = int(n);
  b.setAttribute('aria-label', `${int(n)}: mostra ${title}`);
  b.addEventListener('click', () => openList(filter, title));
  return cell(b, 'num');
}

// Printing (the button or the browser's own) opens the charts' tables too: a PDF keeps the numbers.
globalThis.addEventListener('beforeprint', () => { for (const d of document.querySelectorAll('details')) d.open = true; });
$('print').addEventListener('click', () => globalThis.print());
$('sign-out').addEventListener('click', () => { session.forget(); token = null; show('login'); });

async function api(path) {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (res.status === 401) { session.forget(); token = null; show('login'); throw new Error('sessione scaduta: accedi di nuovo'); }
  if (!res.ok) throw new Error((await res.json()).error ?? `errore ${res.status}`);
  return res;
}
const json = async (path) => (await api(path)).json();
const query = (extra = {}) => new URLSearchParams({ ...period, ...extra }).toString();

/** Saves a CSV the API made (the token goes in a header, so not through a plain link). */
async function download(path, filename) {
  $('error').textContent = '';
  try {
    const url = URL.createObjectURL(await (await api(path)).blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (e) { $('error').textContent = e.message; }
}

// ---- periods, from the engine's today (Rome) ----
const addDays = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
function preset(name) {
  const month = today.slice(0, 8);
  if (name === 'today') return { from: today, to: today };
  if (name === 'week') return { from: addDays(today, -6), to: today };
  if (name === 'month') return { from: `${month}01`, to: today };
  const lastDay = addDays(`${month}01`, -1);
  return { from: `${lastDay.slice(0, 8)}01`, to: lastDay };
}
for (const b of document.querySelectorAll('[data-preset]')) {
  b.addEventListener('click', () => { period = preset(b.dataset.preset); $('from').value = period.from; $('to').value = period.to; load(); });
}
$('period-form').addEventListener('submit', (e) => { e.preventDefault(); period = { from: $('from').value, to: $('to').value }; load(); });

async function start() {
  if (!token) return show('login');
  show('reports');
  try {
    today = (await json('/api/reports/today')).today;
    period = preset('month');
    $('from').value = period.from;
    $('to').value = period.to;
    await load();
  } catch (e) { $('error').textContent = e.message; }
}

async function load() {
  $('error').textContent = '';
  $('status').textContent = 'Caricamento…';
  $('list').hidden = true;
  try {
    const [summary, byQueue, byDay, topics, ivr, agents, topicTrend] = await Promise.all([
      json(`/api/reports/summary?${query()}`), json(`/api/reports/queues?${query({ groupBy: 'queue' })}`), json(`/api/reports/queues?${query({ groupBy: trendUnit() })}`),
      json(`/api/reports/topics?${query()}`), json(`/api/reports/ivr?${query()}`), json(`/api/reports/agents?${query()}`), json(`/api/reports/topics/trend?${query({ unit: trendUnit() })}`),
    ]);
    renderSummary(summary);
    renderDaily(byDay.rows);
    renderQueues(byQueue.rows);
    renderTopics(topics.rows);
    renderTopicTrend(topicTrend.rows, topics.rows);
    renderHourly(ivr.hourly);
    renderFlows(ivr.flows);
    renderAgents(agents.rows);
    await renderSurveys({ json, download, query, period: () => period });
    $('status').textContent = `Periodo dal ${dayLabel(period.from)} al ${dayLabel(period.to)}: ${int(summary.calls)} chiamate.`;
  } catch (e) { $('status').textContent = ''; $('error').textContent = e.message; }
}

function renderSummary(s) {
  const t = s.total;
  const items = [
    ['Chiamate', int(s.calls)],
    ["Servite dall'IVR", `${int(s.selfServed)} (${pct(s.selfServiceRate)})`],
    ['Verso un operatore', int(s.toOperator)],
    ['Risposte', `${int(t.answered)} su ${int(t.offered)} offerte (${pct(t.answeredRate)})`],
    ['Abbandonate', `${int(t.abandoned)} (più ${int(t.shortAbandoned)} abbandoni brevi)`],
    ['Livello di servizio sulle offerte', pct(t.slOffered)],
    ['Attesa media alla risposta', secs(t.asaSeconds)],
    ['Richiamate scelte', int(t.callbacks)],
    ['Richiamano entro 7 giorni', s.repeat.identified === 0 ? '—' : `${int(s.repeat.repeated)} su ${int(s.repeat.identified)} (risolte al primo contatto: ${pct(s.repeat.firstContactResolution)})${s.repeat.openFrom ? `; dal ${dayLabel(s.repeat.openFrom)} la settimana non è ancora passata` : ''}`],
  ];
  $('summary').replaceChildren(...items.flatMap(([k, v]) => { const dt = document.createElement('dt'); dt.textContent = k; const dd = document.createElement('dd'); dd.textContent = v; return [dt, dd]; }));
}

// ---- charts (uPlot; each has its numbers in the table below it) ----

function legend(container, names) {
  const ul = document.createElement('ul');
  ul.className = 'legend';
  ul.setAttribute('aria-hidden', 'true');
  names.forEach((n, i) => { const li = document.createElement('li'); const sw = document.createElement('span'); sw.className = 'swatch'; sw.style.background = COLOURS[i]; li.append(sw, n); ul.append(li); });
  container.append(ul);
}

function draw(id, opts, data, names, label) {
  charts[id]?.destroy();
  const el = $(id);
  el.replaceChildren();
  el.setAttribute('aria-label', label);
  const width = Math.min(el.parentElement.clientWidth || 900, 1100);
  charts[id] = new uPlot({ width, height: 260, legend: { show: false }, cursor: { show: true }, ...opts }, data, el);
  legend(el, names);
}

/** Days for up to two months, ISO weeks beyond (a year's trend stays readable). */
const trendUnit = () => ((Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 > 62 ? 'week' : 'day');
const trendLabel = (r) => (r.day ? dayLabel(r.day) : `sett. ${Number(r.period.slice(6))} ${r.period.slice(0, 4)}`);

function renderDaily(rows) {
  $('daily').tBodies[0].replaceChildren(...rows.map((r) => row(cell(trendLabel(r)), cell(int(r.offered), 'num'), cell(int(r.answered), 'num'), cell(int(r.abandoned), 'num'), cell(int(r.callbacks), 'num'), cell(pct(r.slOffered), 'num'))));
  const names = ['Offerte', 'Risposte', 'Abbandonate'];
  // One tick per day (one in `step` when they are many), labelled in Italian.
  const xs = rows.map((_r, i) => i);
  const step = Math.max(1, Math.ceil(rows.length / 12));
  const most = rows.reduce((m, r) => Math.max(m, r.offered), 0);
  draw('chart-daily', {
    scales: { x: { time: false, range: [-0.5, Math.max(0.5, rows.length - 0.5)] } },
    series: [{ label: 'giorno' }, ...names.map((label, i) => ({ label, stroke: COLOURS[i], width: 2, dash: i === 2 ? [6, 4] : undefined, points: { show: true } }))],
    axes: [{ splits: () => xs.filter((i) => i % step === 0), values: (_u, ticks) => ticks.map((t) => (rows[t] ? trendLabel(rows[t]) : '')) }, { label: 'chiamate' }],
  }, [xs, rows.map((r) => r.offered), rows.map((r) => r.answered), rows.map((r) => r.abandoned)], names,
  rows.length === 0 ? 'Nessuna chiamata in coda nel periodo.' : rows[0].day ? `Chiamate in coda per giorno, ${rows.length} giorni: al massimo ${int(most)} offerte in un giorno. I numeri sono nella tabella qui sotto.` : `Chiamate in coda per settimana, ${rows.length} settimane: al massimo ${int(most)} offerte in una settimana. I numeri sono nella tabella qui sotto.`);
}

/** The five topics most asked about in the period, one line each over its days or weeks. */
function renderTopicTrend(rows, totals) {
  const top = [...totals].filter((t) => t.topic !== '—').sort((a, b) => b.calls - a.calls).slice(0, 5).map((t) => t.topic);
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const count = new Map(rows.map((r) => [`${r.period} ${r.topic}`, r.calls]));
  const label = (p) => (p.includes('-W') ? trendLabel({ period: p }) : dayLabel(p));
  const head = row(...['Argomento', ...periods.map(label)].map((t) => { const th = document.createElement('th'); th.scope = 'col'; th.textContent = t; return th; }));
  $('topic-trend').tHead.replaceChildren(head);
  $('topic-trend').tBodies[0].replaceChildren(...top.map((t) => { const th = document.createElement('th'); th.scope = 'row'; th.textContent = t; return row(th, ...periods.map((p) => cell(int(count.get(`${p} ${t}`) ?? 0), 'num'))); }));
  const xs = periods.map((_p, i) => i);
  const step = Math.max(1, Math.ceil(periods.length / 12));
  draw('chart-topics', {
    scales: { x: { time: false, range: [-0.5, Math.max(0.5, periods.length - 0.5)] } },
    series: [{ label: 'periodo' }, ...top.map((label, i) => ({ label, stroke: COLOURS[i], width: 2, dash: i % 2 === 1 ? [6, 4] : undefined, points: { show: true } }))],
    axes: [{ splits: () => xs.filter((i) => i % step === 0), values: (_u, ticks) => ticks.map((t) => (periods[t] ? label(periods[t]) : '')) }, { label: 'chiamate' }],
  }, [xs, ...top.map((t) => periods.map((p) => count.get(`${p} ${t}`) ?? 0))], top,
  top.length === 0 ? 'Nessun argomento nel periodo.' : `Chiamate nel tempo dei cinque argomenti più chiesti: ${top.join(', ')}. I numeri sono nella tabella qui sotto.`);
}

function renderHourly(grid) {
  const hours = Array.from({ length: 24 }, (_, h) => h);
  const head = row(...['Giorno', ...hours.map((h) => `${h}`)].map((t) => { const th = document.createElement('th'); th.scope = 'col'; th.textContent = t; return th; }));
  $('hourly').tHead.replaceChildren(head);
  $('hourly').tBodies[0].replaceChildren(...grid.map((hs, d) => { const th = document.createElement('th'); th.scope = 'row'; th.textContent = WEEKDAYS[d]; return row(th, ...hs.map((n) => cell(int(n), 'num'))); }));
  const peak = grid.flatMap((hs, d) => hs.map((n, h) => ({ n, d, h }))).reduce((m, x) => (x.n > m.n ? x : m), { n: 0, d: 0, h: 0 });
  draw('chart-hourly', {
    scales: { x: { time: false } },
    series: [{ label: 'ora' }, ...WEEKDAYS.map((label, i) => ({ label, stroke: COLOURS[i], width: 2, dash: i >= 5 ? [6, 4] : undefined }))],
    axes: [{ label: 'ora del giorno', values: (_u, ticks) => ticks.map((t) => `${t}:00`) }, { label: 'chiamate' }],
  }, [hours, ...grid], WEEKDAYS,
  peak.n === 0 ? 'Nessuna chiamata nel periodo.' : `Chiamate iniziate per ora, una linea per giorno della settimana: il massimo, ${int(peak.n)}, di ${WEEKDAYS[peak.d].toLowerCase()} alle ${peak.h}. I numeri sono nella tabella qui sotto.`);
}

// ---- tables ----
/** The four service levels, and the queue's target: the one on the offered is measured against it. */
function slCell(r) {
  const text = `${pct(r.slAnswered)} / ${pct(r.slOffered)} / ${pct(r.slAbandonsWithinNeutral)} / ${pct(r.slAbandonsWithinSuccess)}`;
  if (!r.slTarget || r.slOffered === null) return cell(text, 'num');
  const met = r.slOffered * 100 >= r.slTarget.percent;
  return cell(`${text} — obiettivo ${r.slTarget.percent} % in ${r.slTarget.seconds} s: ${met ? 'raggiunto' : 'non raggiunto'}`, `num ${met ? 'good' : 'bad'}`);
}

function renderQueues(rows) {
  $('queues').tBodies[0].replaceChildren(...rows.map((r) => {
    const f = (outcome) => ({ queue: r.queue, outcome });
    return row(cell(r.queue), cell(int(r.entered), 'num'), figure(r.shortAbandoned, f('short_abandoned'), `gli abbandoni brevi di ${r.queue}`), cell(int(r.offered), 'num'),
      figure(r.answered, f('answered'), `le risposte di ${r.queue}`), figure(r.abandoned, f('abandoned'), `le chiamate abbandonate di ${r.queue}`), figure(r.callbacks, f('callback'), `chi ha scelto la richiamata in ${r.queue}`),
      figure(r.left, f('left'), `chi è uscito da ${r.queue} senza operatore`), figure(r.lost, f('lost'), `le chiamate di ${r.queue} perse per guasto`),
      cell(secs(r.asaSeconds), 'num'), slCell(r), cell(secs(r.ahtSeconds), 'num'));
  }));
}
$('queues-csv').addEventListener('click', () => download(`/api/reports/queues.csv?${query({ groupBy: 'queue-day' })}`, `code-${period.from}-${period.to}.csv`));

function renderTopics(rows) {
  const all = rows.reduce((n, r) => n + r.calls, 0);
  $('topics').tBodies[0].replaceChildren(...rows.map((r) => {
    const share = all > 0 ? r.calls / all : 0;
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = `${Math.round(share * 100)}%`;
    const meter = document.createElement('span');
    meter.className = 'meter';
    meter.append(bar);
    const shareCell = cell(pct(share), 'num share');
    shareCell.prepend(meter);
    const topic = r.topic === '—' ? undefined : r.topic;
    return row(cell(r.topic === '—' ? 'nessun argomento' : r.topic), topic ? figure(r.calls, { topic }, `le chiamate sull'argomento ${topic}`) : cell(int(r.calls), 'num'), shareCell,
      cell(int(r.toOperator), 'num'), cell(int(r.answered), 'num'), cell(int(r.abandoned), 'num'), cell(int(r.callbacks), 'num'), cell(int(r.selfServed), 'num'));
  }));
}

function renderFlows(flows) {
  $('flows').replaceChildren(...flows.map((f) => {
    const section = document.createElement('section');
    const h = document.createElement('h3');
    h.textContent = `${f.flowId}: ${int(f.calls)} chiamate, ${int(f.selfServed)} servite dall'IVR (${pct(f.selfServiceRate)})`;
    const table = document.createElement('table');
    table.innerHTML = '<caption></caption><thead><tr><th scope="col">Passo</th><th scope="col">Tipo</th><th scope="col">Raggiunto</th><th scope="col">Usciti qui</th><th scope="col">Tasti premuti</th><th scope="col">Non riusciti</th></tr></thead><tbody></tbody>';
    table.caption.textContent = `Passi del flusso ${f.flowId}`;
    const kv = (o) => Object.entries(o).map(([k, n]) => `${k}: ${int(n)}`).join(', ') || '—';
    table.tBodies[0].append(...f.steps.map((s) => row(cell(s.node), cell(s.nodeType), cell(int(s.reached), 'num'), figure(s.endedHere, { flow: f.flowId, lastStep: s.node }, `chi ha lasciato ${f.flowId} al passo ${s.node}`), cell(kv(s.choices)), cell(kv(s.failures)))));
    section.append(h, table);
    return section;
  }));
}

function renderAgents(rows) {
  const hours = (s) => (s === 0 ? '—' : `${Math.floor(s / 3600)} h ${String(Math.round((s % 3600) / 60)).padStart(2, '0')} min`);
  $('agents').tBodies[0].replaceChildren(...rows.map((r) => row(cell(r.agentId), figure(r.handled, { agent: r.agentId }, `le conversazioni di ${r.agentId}`), cell(secs(r.meanTalkSeconds), 'num'), cell(secs(r.meanWrapUpSeconds), 'num'), cell(secs(r.meanHoldSeconds), 'num'), cell(secs(r.ahtSeconds), 'num'),
    cell(hours(r.loggedInSeconds), 'num'), cell(hours(r.pausedSeconds), 'num'), cell(pct(r.occupancy), 'num'))));
}

// ---- the list behind a figure ----
async function openList(filter, title) {
  list = { filter, offset: 0, title };
  $('calls').tBodies[0].replaceChildren();
  $('list').hidden = false;
  $('list-title').textContent = `Chiamate: ${title}`;
  await more();
  $('list-title').focus();
}

async function more() {
  $('error').textContent = '';
  try {
    const page = await json(`/api/reports/calls?${query({ ...list.filter, limit: String(PAGE), offset: String(list.offset) })}`);
    list.offset += page.rows.length;
    $('calls').tBodies[0].append(...page.rows.map((r) => row(cell(new Date(r.startedAt).toLocaleString('it-IT', { timeZone: 'Europe/Rome' })), cell(r.caller ?? 'nascosto'), cell(r.queue ?? '—'),
      cell(OUTCOMES[r.queueOutcome] ?? CALL_OUTCOMES[r.callOutcome] ?? r.callOutcome ?? 'in corso'), cell(secs(r.waitedSeconds), 'num'), cell(r.agentId ?? '—'), cell(r.topics.join(', ') || '—'), cell(r.path.join(' → ') || '—'))));
    $('list-count').textContent = `${int(Math.min(list.offset, page.total))} di ${int(page.total)} chiamate mostrate.`;
    $('list-more').hidden = list.offset >= page.total;
  } catch (e) { $('error').textContent = e.message; }
}
$('list-more').addEventListener('click', more);
$('survey-by').addEventListener('change', () => renderSurveys({ json, download, query, period: () => period }).catch((e) => { $('error').textContent = e.message; }));
$('list-csv').addEventListener('click', () => download(`/api/reports/calls.csv?${query(list.filter)}`, `chiamate-${period.from}-${period.to}.csv`));

start();
