// Server-rendered HTML: a tagged template that escapes every value unless it is Html
// already, the page frame, and how values read to a person (ages, durations, sizes).

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escape(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** "12 s ago", "4 min ago", "3 h ago", "2 d ago"; the exact time is in the element's title. */
export function ago(iso: string | Date | null | undefined, now = Date.now()): Html {
  if (!iso) return html`<span class="muted">—</span>`;
  const at = typeof iso === 'string' ? new Date(iso) : iso;
  const seconds = Math.max(0, Math.round((now - at.getTime()) / 1000));
  return html`<time datetime="${at.toISOString()}" title="${clock(at)}">${duration(seconds)} ago</time>`;
}

/** A date and time as a person reads it, in UTC (the platform's logs are in UTC too). */
export function clock(at: Date): string {
  const today = new Date().toISOString().slice(0, 10);
  const day = at.toISOString().slice(0, 10);
  const time = at.toISOString().slice(11, 19);
  return day === today ? `${time} UTC` : `${at.toUTCString().slice(5, 16)} ${time} UTC`;
}

export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(n < 100 * 1024 * 1024 ? 1 : 0)} MB`;
}

export function rate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined) return '—';
  return perSecond === 0 ? '0/s' : perSecond < 0.1 ? `${(perSecond * 60).toFixed(1)}/min` : `${perSecond.toFixed(1)}/s`;
}

export type Tone = 'ok' | 'warn' | 'bad' | 'idle';

export function badge(text: string, tone: Tone): Html {
  return html`<span class="badge ${tone}">${text}</span>`;
}

function scalar(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? v.toString() : '';
}

/** A value of an event or a saga's input, short: scalars as they are, objects as key: value pairs. */
export function summary(value: unknown, max = 6): Html {
  if (value === null || value === undefined) return html`<span class="muted">—</span>`;
  if (typeof value !== 'object') return html`${scalar(value)}`;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return html`<span class="muted">(empty)</span>`;
  const shown = entries.slice(0, max).map(([k, v]) => html`<span class="kv"><b>${k}</b> ${typeof v === 'object' && v !== null ? (Array.isArray(v) ? `${v.length} items` : '{…}') : String(v)}</span>`);
  return html`${shown}${entries.length > max ? html`<span class="muted"> +${entries.length - max} more</span>` : ''}`;
}

/** Every field of a value, nested as small tables (never a wall of JSON). */
export function fields(value: unknown, depth = 0): Html {
  if (value === null || value === undefined) return html`<span class="muted">—</span>`;
  if (typeof value !== 'object') return html`${scalar(value)}`;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return html`<span class="muted">(empty)</span>`;
  if (depth > 3) return html`<code>${JSON.stringify(value).slice(0, 200)}</code>`;
  return html`<table class="fields">${entries.map(([k, v]) => html`<tr><th>${k}</th><td>${fields(v, depth + 1)}</td></tr>`)}</table>`;
}

const CSS = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2433;--muted:#6b7385;--line:#e3e6ec;--ok:#137333;--okbg:#e6f4ea;--warn:#8a5a00;--warnbg:#fef3d6;--bad:#b3261e;--badbg:#fce8e6;--idlebg:#eef0f4;--accent:#2754c5}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{display:flex;align-items:center;gap:24px;padding:10px 24px;background:#1d2433;color:#fff}
header .brand{font-weight:700;letter-spacing:.02em}header nav a{color:#cfd6e6;text-decoration:none;margin-right:16px;padding:4px 0}
header nav a.on{color:#fff;border-bottom:2px solid #8fb0ff}header .who{margin-left:auto;color:#cfd6e6;font-size:13px}
header form{display:inline}header button{margin-left:8px}
.page{padding:18px 24px;max-width:1500px}h1{font-size:20px;margin:4px 0 14px}h2{font-size:16px;margin:22px 0 8px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin-bottom:14px}
table{border-collapse:collapse;width:100%;background:var(--card)}th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{white-space:nowrap;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);background:#fafbfc}
tbody tr:hover{background:#f9fafc}table.fields{width:auto;background:none}table.fields th{font-weight:600;color:var(--muted);padding:2px 10px 2px 0;border:0}table.fields td{padding:2px 0;border:0}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.badge.ok{color:var(--ok);background:var(--okbg)}.badge.warn{color:var(--warn);background:var(--warnbg)}.badge.bad{color:var(--bad);background:var(--badbg)}.badge.idle{color:var(--muted);background:var(--idlebg)}
.muted{color:var(--muted)}.nw{white-space:nowrap}.num{text-align:right;font-variant-numeric:tabular-nums}code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
.kv{display:inline-block;margin-right:10px}.kv b{font-weight:600;color:var(--muted)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:12px;margin-bottom:14px}.stat .label{font-size:12px;color:var(--muted)}.stat .value{font-size:18px;font-weight:600}
a{color:var(--accent)}button,input,select,textarea{font:inherit}button{border:1px solid var(--line);background:#fff;border-radius:6px;padding:3px 10px;cursor:pointer}
button.primary{background:var(--accent);color:#fff;border-color:var(--accent)}button.danger{color:var(--bad);border-color:#f0b8b3}
input,select,textarea{border:1px solid var(--line);border-radius:6px;padding:4px 8px;background:#fff}
.filters{display:flex;gap:8px;align-items:center;margin-bottom:12px;flex-wrap:wrap}.actions form{display:inline-block;margin:0 6px 6px 0}
.flash{padding:8px 12px;border-radius:6px;margin-bottom:12px}.flash.ok{background:var(--okbg);color:var(--ok)}.flash.bad{background:var(--badbg);color:var(--bad)}
.login{max-width:360px;margin:80px auto}.login input{width:100%;margin:4px 0 12px}footer{color:var(--muted);font-size:12px;padding:8px 24px 24px}
.timeline td:first-child{white-space:nowrap;width:1%}
`;

// Re-renders the page's <main> every few seconds from the same URL (the server answers the
// fragment alone to X-Console-Fragment), unless the person is typing in it.
const LIVE = `
const main=document.querySelector('main[data-refresh]');
if(main){setInterval(async()=>{const a=document.activeElement;if(document.hidden||(a&&main.contains(a)&&/INPUT|TEXTAREA|SELECT/.test(a.tagName)))return;
try{const r=await fetch(location.href,{headers:{'x-console-fragment':'1'}});if(r.status===401){location.reload();return}if(r.ok){main.innerHTML=await r.text();}}catch{}},Number(main.dataset.refresh));}
`;

export interface Frame {
  title: string;
  nav?: 'overview' | 'sagas' | 'events' | 'apps';
  who?: string;
  /** Refresh <main> every this many ms. */
  refreshMs?: number;
  /** Above <main>: filters, which the refresh leaves alone. */
  top?: Html;
  flash?: { tone: 'ok' | 'bad'; text: string };
  renderedMs?: number;
}

export function page(frame: Frame, body: Html): Html {
  const link = (href: string, name: Frame['nav'], text: string) => html`<a href="${href}" class="${frame.nav === name ? 'on' : ''}">${text}</a>`;
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${frame.title} · Winvestco console</title><style>${new Html(CSS)}</style></head><body>
<header><span class="brand">Winvestco console</span>${frame.who ? html`<nav>${link('/', 'overview', 'Overview')}${link('/sagas', 'sagas', 'Sagas')}${link('/events', 'events', 'Events')}</nav>
<span class="who">${frame.who}<form method="post" action="/logout"><button type="submit">Log out</button></form></span>` : ''}</header>
<div class="page"><h1>${frame.title}</h1>${frame.flash ? html`<div class="flash ${frame.flash.tone}">${frame.flash.text}</div>` : ''}${frame.top ?? ''}
<main ${frame.refreshMs ? html`data-refresh="${frame.refreshMs}"` : ''}>${body}</main></div>
<footer>${frame.renderedMs !== undefined ? html`Read through Dapr in <span id="rendered-ms">${frame.renderedMs}</span> ms. ` : ''}${frame.refreshMs ? `Updates every ${Math.round(frame.refreshMs / 1000)} s.` : ''}</footer>
${frame.refreshMs ? html`<script>${new Html(LIVE)}</script>` : ''}</body></html>`;
}
