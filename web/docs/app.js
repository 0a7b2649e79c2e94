// The API's documentation, drawn from the engine's own OpenAPI document (generated from the
// routes' zod schemas): one section per area, each route with its parameters, body and replies.
// No build, no dependencies. API texts (summaries, field notes) are in English: marked lang="en".
const $ = (id) => document.getElementById(id);
const SECTIONS = {
  sessions: 'Sessioni e accesso', desktop: 'Postazione operatore', agents: 'Operatori', queues: 'Code', live: 'Situazione in tempo reale',
  flows: 'Flussi IVR', schedules: 'Orari e chiusure', announcements: 'Messaggi', callbacks: 'Richiamate', crm: 'CRM e ticket', directory: 'Rubrica', service: 'Stato del servizio',
};
const WHERE = { path: 'percorso', query: 'query string', header: 'intestazione' };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
  for (const c of children) if (c !== undefined && c !== null) e.append(c);
  return e;
}
const english = (text) => el('span', { lang: 'en' }, text);

/** A schema's type in words: "stringa (2–6 cifre)", "uno tra: a, b", "elenco di oggetti". */
function typeOf(s) {
  if (!s || typeof s !== 'object') return 'qualsiasi';
  if (s.enum) return `uno tra: ${s.enum.join(', ')}`;
  if (s.const !== undefined) return `sempre ${JSON.stringify(s.const)}`;
  if (s.anyOf || s.oneOf) return (s.anyOf ?? s.oneOf).map(typeOf).join(' oppure ');
  const t = Array.isArray(s.type) ? s.type.filter((x) => x !== 'null') : s.type;
  const nullable = Array.isArray(s.type) && s.type.includes('null') ? ' o null' : '';
  const limits = [];
  if (s.format) limits.push(s.format);
  if (s.pattern) limits.push(`forma ${s.pattern}`);
  if (s.minLength !== undefined || s.maxLength !== undefined) limits.push(`lunghezza ${s.minLength ?? 0}–${s.maxLength ?? '…'}`);
  if (s.minimum !== undefined || s.maximum !== undefined) limits.push(`da ${s.minimum ?? '…'} a ${s.maximum ?? '…'}`);
  const names = { string: 'testo', integer: 'intero', number: 'numero', boolean: 'sì/no', object: 'oggetto', array: 'elenco', null: 'nessun contenuto' };
  let base = names[t] ?? String(t ?? 'qualsiasi');
  if (t === 'array') base = `elenco di ${typeOf(s.items)}`;
  return `${base}${nullable}${limits.length ? ` (${limits.join('; ')})` : ''}`;
}

/** The fields of an object schema as rows, nested ones with dotted names (three levels at most). */
function rows(schema, prefix = '', depth = 0) {
  const s = schema?.type === 'array' && schema.items ? schema.items : schema;
  if (!s?.properties || depth > 2) return [];
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties).flatMap(([name, p]) => {
    const field = `${prefix}${name}`;
    const row = el('tr', {}, el('td', {}, el('code', {}, field)), el('td', {}, required.has(name) ? 'sì' : 'no'), el('td', {}, typeOf(p)), el('td', {}, p.description ? english(p.description) : ''));
    return [row, ...rows(p, `${field}${p.type === 'array' ? '[]' : ''}.`, depth + 1)];
  });
}

function fieldTable(caption, schema) {
  const body = rows(schema);
  if (body.length === 0) return el('p', {}, `${caption}: ${typeOf(schema)}.`);
  return el('table', {}, el('caption', { class: 'muted' }, caption), el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Campo'), el('th', { scope: 'col' }, 'Obbligatorio'), el('th', { scope: 'col' }, 'Tipo'), el('th', { scope: 'col' }, 'Note'))), el('tbody', {}, ...body));
}

function operation(method, path, op, n) {
  const id = `op-${n}`;
  const section = el('section', { class: 'op', 'aria-labelledby': id });
  section.append(el('h3', { id }, el('span', { class: 'method' }, method.toUpperCase()), path));
  if (op.summary) section.append(el('p', {}, english(op.summary)));
  if (Array.isArray(op.security) && op.security.length === 0) section.append(el('p', { class: 'muted' }, 'Non richiede un token.'));
  const params = op.parameters ?? [];
  if (params.length) {
    section.append(el('h4', {}, 'Parametri'));
    const body = params.map((p) => el('tr', {}, el('td', {}, el('code', {}, p.name)), el('td', {}, WHERE[p.in] ?? p.in), el('td', {}, p.required ? 'sì' : 'no'), el('td', {}, typeOf(p.schema)), el('td', {}, p.description ? english(p.description) : '')));
    section.append(el('table', {}, el('thead', {}, el('tr', {}, ...['Nome', 'Dove', 'Obbligatorio', 'Tipo', 'Note'].map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, ...body)));
  }
  const content = op.requestBody?.content ?? {};
  for (const [type, { schema }] of Object.entries(content)) {
    section.append(el('h4', {}, `Corpo della richiesta (${type})`), fieldTable('Campi del corpo', schema));
  }
  section.append(el('h4', {}, 'Risposte'));
  for (const [status, r] of Object.entries(op.responses ?? {})) {
    const schema = Object.values(r.content ?? {})[0]?.schema;
    const item = el('div', {}, el('p', {}, el('strong', {}, status), ' — ', english(r.description ?? '')));
    if (schema && status.startsWith('2')) item.append(fieldTable(`Campi della risposta ${status}`, schema));
    section.append(item);
  }
  return section;
}

async function load() {
  const res = await fetch('/api/openapi.json');
  if (!res.ok) { $('status').textContent = `Il documento OpenAPI non è disponibile (HTTP ${res.status}).`; return; }
  const doc = await res.json();
  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const tag = op.tags?.[0] ?? 'altro';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push([method, path, op]);
    }
  }
  let n = 0;
  for (const [tag, ops] of byTag) {
    const title = SECTIONS[tag] ?? tag;
    $('sections').append(el('li', {}, el('a', { href: `#tag-${tag}` }, title)));
    const part = el('section', { 'aria-labelledby': `tag-${tag}` }, el('h2', { id: `tag-${tag}` }, title));
    for (const [method, path, op] of ops) part.append(operation(method, path, op, n++));
    $('content').append(part);
  }
  $('status').textContent = `${n} operazioni in ${byTag.size} sezioni.`;
}

load().catch((e) => { $('status').textContent = `Errore nel caricamento della documentazione: ${e.message}`; });
