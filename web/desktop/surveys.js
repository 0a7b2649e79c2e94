// "Le mie valutazioni": the signed-in agent's own survey averages (today, 7 and 30 days), read
// from the reports; nobody else's. Refreshed when the desktop connects and after each call.
const one = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const SCALES = { '1-5': 'su 5', faces: 'su 3 (facce)', '0-10': 'su 10' };
const WINDOWS = { 1: 'Oggi', 7: 'Ultimi 7 giorni', 30: 'Ultimi 30 giorni' };

function td(text, cls) { const c = document.createElement('td'); c.textContent = text; if (cls) c.className = cls; return c; }

/** Fills #my-surveys; `api` is the desktop's own (with the session token). */
export async function renderMySurveys(api) {
  const table = document.getElementById('my-surveys');
  const { windows } = await api('GET', '/api/me/surveys');
  const rows = windows.flatMap((w) => w.rows.map((r) => {
    const tr = document.createElement('tr');
    tr.append(td(WINDOWS[w.days] ?? `${w.days} giorni`), td(r.question), td(String(r.answers), 'num'), td(r.mean === null ? '—' : `${one.format(r.mean)} ${SCALES[r.scale] ?? ''}`, 'num'), td(r.highRate === null ? '—' : `${one.format(r.highRate * 100)} %`, 'num'));
    return tr;
  }));
  table.tBodies[0].replaceChildren(...rows);
  table.hidden = rows.length === 0;
  document.getElementById('my-surveys-empty').hidden = rows.length > 0;
}
