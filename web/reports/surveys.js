// The satisfaction survey on the reports page: how many were invited and answered (the funnel),
// the scores by operator, queue or topic, the reasons given for low scores, and the two CSVs.
const nf = new Intl.NumberFormat('it-IT');
const one = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const int = (n) => nf.format(n);
const pct = (r) => (r === null || r === undefined ? '—' : `${one.format(r * 100)} %`);
const SCALES = { '1-5': 'da 1 a 5', faces: 'tre facce (1–3)', '0-10': 'da 0 a 10' };
const BY = { all: 'Tutti', agent: 'Operatore', queue: 'Coda', topic: 'Argomento' };

function td(text, cls) { const c = document.createElement('td'); c.textContent = text; if (cls) c.className = cls; return c; }
function tr(...cells) { const r = document.createElement('tr'); r.append(...cells); return r; }
const $ = (id) => document.getElementById(id);

/** Fills the survey section for the period; `json` and `download` are the page's own (with the token). */
export async function renderSurveys({ json, download, query, period }) {
  const by = $('survey-by').value;
  const s = await json(`/api/reports/surveys?${query({ by })}`);
  $('survey-empty').hidden = s.funnel.length > 0;
  $('survey-funnel').tBodies[0].replaceChildren(...s.funnel.map((f) => tr(td(f.survey), td(int(f.invited), 'num'), td(`${int(f.accepted)} (${pct(f.acceptedRate)})`, 'num'), td(int(f.started), 'num'), td(`${int(f.completed)} (${pct(f.completedRate)})`, 'num'),
    td(f.questions.map((q) => `${q.question}: ${int(q.answered)}`).join(', ') || '—'), td(int(f.flagged), 'num'))));
  $('survey-group-header').textContent = BY[by];
  $('survey-scores').tBodies[0].replaceChildren(...s.scores.map((r) => tr(td(r.by === 'all' ? 'tutti' : r.group), td(`${r.question} (${SCALES[r.scale] ?? r.scale})`), td(int(r.answers), 'num'),
    td(r.mean === null ? '—' : one.format(r.mean), 'num'), td(pct(r.lowRate), 'num'), td(pct(r.highRate), 'num'), td(r.nps === null ? '—' : one.format(r.nps), 'num'))));
  $('survey-reasons').tBodies[0].replaceChildren(...s.reasons.map((r) => tr(td(r.question), td(r.reason), td(int(r.count), 'num'))));
  $('survey-reasons').hidden = s.reasons.length === 0;
  $('survey-csv').onclick = () => download(`/api/reports/surveys.csv?${query({ by })}`, `sondaggio-punteggi-${period().from}-${period().to}.csv`);
  $('survey-funnel-csv').onclick = () => download(`/api/reports/surveys-funnel.csv?${query()}`, `sondaggio-adesione-${period().from}-${period().to}.csv`);
}
