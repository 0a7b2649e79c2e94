// The staffing page: a queue's plan for a day (agents per half hour, from the forecast and Erlang A),
// how right the forecast was in the week before, and a what-if replay of the day. uPlot draws the
// chart (served by the engine); every chart has its numbers in a table.
import { supervisorSignIn } from '/shared/sign-in.js';

const $ = (id) => document.getElementById(id);
const session = supervisorSignIn('cc-staffing-token', (t) => { token = t; start(); });
let token = session.saved();
let chart;
let plan;
const nf = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 });
const pct = (r) => (r === null || r === undefined ? '—' : `${new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(r * 100)} %`);
const secs = (s) => (s === null || s === undefined ? '—' : `${Math.round(s)} s`);
const addDays = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const dayLabel = (d) => new Date(`${d}T12:00:00Z`).toLocaleDateString('it-IT', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

function show(view) { $('login').hidden = view !== 'login'; $('staffing').hidden = view !== 'staffing'; }
function td(text, cls) { const c = document.createElement('td'); c.textContent = text; if (cls) c.className = cls; return c; }
function tr(...cells) { const r = document.createElement('tr'); r.append(...cells); return r; }
$('sign-out').addEventListener('click', () => { session.forget(); token = null; show('login'); });

async function api(path, body) {
  const res = await fetch(path, { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (res.status === 401) { session.forget(); token = null; show('login'); throw new Error('sessione scaduta: accedi di nuovo'); }
  if (!res.ok) {
    const problem = await res.json();
    throw new Error(PROBLEMS[problem.code] ?? problem.error ?? `errore ${res.status}`);
  }
  return res;
}
/** What the engine's refusals mean, in Italian (the API's own messages are for programs and logs). */
const PROBLEMS = {
  'STAFFING.NO_HISTORY': 'Questa coda non ha risposto a nessuna chiamata nelle ultime 8 settimane: non c\'è una durata media su cui pianificare. Scegli un\'altra coda.',
  'STAFFING.NO_SUCH_QUEUE': 'Questa coda non esiste più: ricarica la pagina.',
};
const json = async (path, body) => (await api(path, body)).json();

async function start() {
  if (!token) return show('login');
  show('staffing');
  try {
    const [{ today }, queues] = await Promise.all([json('/api/reports/today'), json('/api/queues')]);
    $('queue').replaceChildren(...queues.map((q) => new Option(q.name ?? q.id, q.id)));
    $('day').value = addDays(today, 1);
    await load();
  } catch (e) { $('error').textContent = e.message; }
}

const query = (extra = {}) => new URLSearchParams({ queue: $('queue').value, ...extra }).toString();

async function load() {
  $('error').textContent = '';
  $('status').textContent = 'Calcolo…';
  $('whatif').hidden = true;
  const day = $('day').value;
  try {
    const [p, f] = await Promise.all([json(`/api/staffing/plan?${query({ day, shrinkage: String(Number($('shrinkage').value) / 100) })}`), json(`/api/staffing/forecast?${query({ from: addDays(day, -7), to: addDays(day, -1) })}`)]);
    plan = p;
    renderPlan(p);
    renderForecast(f);
    $('status').textContent = `Coda ${p.queue}, ${dayLabel(p.day)}: ${nf.format(sum(p.slots.map((s) => s.calls)))} chiamate previste, ${nf.format(p.agentHours)} ore operatore al telefono.`;
  } catch (e) { $('status').textContent = ''; $('error').textContent = e.message; }
}

function renderPlan(p) {
  const open = p.slots.filter((s) => s.calls > 0);
  const peak = open.reduce((m, s) => (s.agents > (m?.agents ?? -1) ? s : m), undefined);
  const i = p.inputs;
  $('plan-summary').textContent = `Obiettivo: ${i.serviceLevel.percent} % delle risposte entro ${i.serviceLevel.seconds} s. Durata media di gestione ${secs(i.ahtSeconds)}, pazienza media ${i.patienceSeconds === null ? 'non misurata (nessuno ha riagganciato): Erlang C' : secs(i.patienceSeconds)}, riduzione ${Math.round(i.shrinkage * 100)} %; imparato dal ${dayLabel(i.learnedFrom.from)} al ${dayLabel(i.learnedFrom.to)}.`;
  $('plan').tBodies[0].replaceChildren(...open.map((s) => tr(td(s.time), td(nf.format(s.calls), 'num'), td(String(s.agents), 'num'), td(String(s.scheduledAgents), 'num'), td(pct(s.serviceLevel), 'num'), td(pct(s.answeredRate), 'num'))));
  chart?.destroy();
  const el = $('chart-plan');
  el.replaceChildren();
  el.setAttribute('aria-label', peak ? `Operatori al telefono e da pianificare per mezz'ora: al massimo ${peak.agents} al telefono alle ${peak.time} (${peak.scheduledAgents} da pianificare). I numeri sono nella tabella qui sotto.` : 'Nessuna chiamata prevista: nessun operatore necessario.');
  const xs = open.map((_s, k) => k);
  const step = Math.max(1, Math.ceil(open.length / 12));
  chart = new uPlot({
    width: Math.min(el.parentElement.clientWidth || 900, 1100), height: 260, legend: { show: false },
    scales: { x: { time: false } },
    series: [{ label: 'ora' }, { label: 'Al telefono', stroke: '#0b5394', width: 2, points: { show: true } }, { label: 'Da pianificare', stroke: '#b00020', width: 2, dash: [6, 4] }],
    axes: [{ splits: () => xs.filter((k) => k % step === 0), values: (_u, ticks) => ticks.map((t) => open[t]?.time ?? '') }, { label: 'operatori' }],
  }, [xs, open.map((s) => s.agents), open.map((s) => s.scheduledAgents)], el);
  $('plan-csv').onclick = () => download(`/api/staffing/plan.csv?${query({ day: p.day, shrinkage: String(p.inputs.shrinkage) })}`, `pianificazione-${p.queue}-${p.day}.csv`);
}

function renderForecast(f) {
  $('forecast').tBodies[0].replaceChildren(...f.days.map((d) => tr(td(dayLabel(d.day) + (d.closed ? ' (chiuso)' : d.holiday ? ' (festivo)' : '')), td(nf.format(sum(d.forecast)), 'num'), td(nf.format(sum(d.baseline)), 'num'), td(d.actual === null ? '—' : nf.format(sum(d.actual)), 'num'))));
  const a = f.accuracy;
  $('forecast-summary').textContent = a === null ? 'Nessun giorno passato da confrontare.' :
    `Errore per mezz'ora ${pct(a.model.intervalError)} (la media stagionale ${pct(a.baseline.intervalError)}; anche una previsione perfetta sbaglierebbe di circa ${pct(a.model.poissonFloor.interval)}, perché le chiamate arrivano a caso). Errore sul totale del giorno ${pct(a.model.dailyError)} (media stagionale ${pct(a.baseline.dailyError)}).`;
}

/** Saves a CSV the API made (the token goes in a header, so not through a plain link). */
async function download(path, filename) {
  try {
    const url = URL.createObjectURL(await (await api(path)).blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (e) { $('error').textContent = e.message; }
}

$('day-form').addEventListener('submit', (e) => { e.preventDefault(); void load(); });
$('whatif-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!plan) return;
  $('error').textContent = '';
  const delta = Number($('delta').value);
  const callbacks = $('offer-callbacks').checked ? { afterSeconds: 120, take: 0.5 } : undefined;
  const base = { queue: plan.queue, day: plan.day };
  const mine = plan.slots.map((s) => (s.calls > 0 ? Math.max(0, s.agents + delta) : 0));
  try {
    const [computed, changed] = await Promise.all([json('/api/staffing/replay', base), json('/api/staffing/replay', { ...base, plan: mine, ...(callbacks ? { callbacks } : {}) })]);
    const row = (name, r) => tr(td(name), td(nf.format(r.total.agentHours), 'num'), td(pct(r.total.answeredRate), 'num'), td(String(r.total.callbacks), 'num'), td(pct(r.total.serviceLevel), 'num'), td(secs(r.total.asaSeconds), 'num'), td(String(r.total.abandoned), 'num'));
    $('whatif').tBodies[0].replaceChildren(row('Calcolato', computed), row(`Il tuo (${delta >= 0 ? '+' : ''}${delta} per mezz'ora${callbacks ? ', con richiamate' : ''})`, changed));
    $('whatif').hidden = false;
  } catch (err) { $('error').textContent = err.message; }
});

start();
