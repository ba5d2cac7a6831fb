// The console's pages, as HTML fragments (the frame is added by the routes).
import type { AppStatus, DeadLetterRow, Metadata, Runtime, SagaRow } from '../sources.ts';
import type { TailedEvent } from '../tail.ts';
import { ago, badge, bytes, duration, fields, html, rate, summary, type Html, type Tone } from './html.ts';

function stateOf(s: AppStatus): { text: string; tone: Tone } {
  if (!s.reachable) return { text: 'DOWN', tone: 'bad' };
  if (s.alive === false) return { text: 'FAILING', tone: 'bad' };
  if (s.ready === false) return { text: 'NOT READY', tone: 'warn' };
  return { text: 'HEALTHY', tone: 'ok' };
}

const check = (name: string, ok: boolean) => html`<span class="kv">${ok ? '✓' : '✗'} ${name}</span>`;

export function overview(input: {
  apps: AppStatus[];
  controlPlane: { name: string; healthy: boolean | null; detail: string }[];
  broker: string;
  tailCount: number;
}): Html {
  const healthy = input.apps.filter((a) => stateOf(a).tone === 'ok').length;
  const stuck = input.apps.reduce((n, a) => n + (a.runtime?.workflows?.sagas.STUCK ?? 0), 0);
  const dead = input.apps.reduce((n, a) => n + (a.runtime?.deadLetters.open ?? 0), 0);
  const backlog = input.apps.reduce((n, a) => n + (a.runtime?.outbox.pending ?? 0), 0);
  return html`
<div class="grid">
  <div class="card stat"><div class="label">Apps healthy</div><div class="value" id="apps-healthy">${healthy} of ${input.apps.length}</div></div>
  <div class="card stat"><div class="label">Broker</div><div class="value">${input.broker}</div></div>
  <div class="card stat"><div class="label">Sagas stuck</div><div class="value">${stuck ? badge(String(stuck), 'bad') : '0'}</div></div>
  <div class="card stat"><div class="label">Open dead letters</div><div class="value">${dead ? badge(String(dead), 'warn') : '0'}</div></div>
  <div class="card stat"><div class="label">Outbox backlog</div><div class="value">${backlog} events</div></div>
  <div class="card stat"><div class="label">Events seen by the tail</div><div class="value">${input.tailCount}</div></div>
</div>
<h2>Apps</h2>
<table id="apps"><thead><tr><th>App</th><th>State</th><th>Readiness</th><th>Dapr</th><th>Up for</th><th class="num">Memory</th><th class="num">Requests</th><th class="num">Errors (5xx)</th><th class="num">Outbox</th><th class="num">Dead letters</th><th>Sagas</th></tr></thead><tbody>
${input.apps.map((a) => {
    const state = stateOf(a);
    const r = a.runtime;
    const counts = Object.entries(r?.workflows?.sagas ?? {});
    const sagas = !r?.workflows ? html`<span class="muted">—</span>` : counts.length ? counts.map(([k, v]) => html`<span class="kv"><b>${k}</b> ${v}</span>`) : html`<span class="muted">none yet</span>`;
    return html`<tr data-app="${a.appId}"><td class="nw"><a href="/apps/${a.appId}">${a.appId}</a></td><td>${badge(state.text, state.tone)}${a.problem ? html`<div class="muted">${a.problem.slice(0, 120)}</div>` : ''}</td>
<td>${Object.entries(a.checks).map(([k, v]) => check(k, v))}</td>
<td class="nw">${r?.sidecar.metadata?.runtimeVersion ?? (a.appId === 'gateway' ? html`<span class="muted">invoke only</span>` : '—')}</td>
<td>${r ? duration(r.uptimeSeconds) : '—'}</td><td class="num">${bytes(a.rates?.rssBytes ?? r?.memory.rssBytes)}</td>
<td class="num">${rate(a.rates?.requestRate)}</td><td class="num">${a.rates?.errorRate ? badge(rate(a.rates.errorRate), 'bad') : rate(a.rates?.errorRate)}</td>
<td class="num">${r ? (r.outbox.pending ? html`${r.outbox.pending}, oldest ${ago(r.outbox.oldestPendingAt)}` : '0') : '—'}</td>
<td class="num">${r ? (r.deadLetters.open ? badge(String(r.deadLetters.open), 'warn') : '0') : '—'}</td><td>${sagas}</td></tr>`;
  })}
</tbody></table>
<h2>Control plane</h2>
<table id="control-plane"><thead><tr><th>Part</th><th>State</th><th>How the console knows</th></tr></thead><tbody>
${input.controlPlane.map((c) => html`<tr><td>${c.name}</td><td>${c.healthy === null ? badge('UNKNOWN', 'idle') : badge(c.healthy ? 'HEALTHY' : 'DOWN', c.healthy ? 'ok' : 'bad')}</td><td class="muted">${c.detail}</td></tr>`)}
</tbody></table>`;
}

function rulesOf(s: NonNullable<Metadata['subscriptions']>[number]): { match?: string; path: string }[] {
  return Array.isArray(s.rules) ? s.rules : s.rules?.rules ?? [];
}

export function appDetail(appId: string, status: AppStatus | null, runtime: Runtime | null, problem: string | null): Html {
  const m = runtime?.sidecar.metadata;
  const state = status ? stateOf(status) : null;
  return html`
${problem ? html`<div class="flash bad">${problem}</div>` : ''}
<div class="grid">
  <div class="card stat"><div class="label">State</div><div class="value">${state ? badge(state.text, state.tone) : '—'}</div></div>
  <div class="card stat"><div class="label">Dapr runtime</div><div class="value">${m?.runtimeVersion ?? '—'}</div></div>
  <div class="card stat"><div class="label">Up for</div><div class="value">${runtime ? duration(runtime.uptimeSeconds) : '—'}</div></div>
  <div class="card stat"><div class="label">Memory (RSS)</div><div class="value">${bytes(runtime?.memory.rssBytes)}</div></div>
  <div class="card stat"><div class="label">Migration version</div><div class="value">${runtime?.migrations.service ?? '—'} <span class="muted">kit ${runtime?.migrations.kit ?? '—'}</span></div></div>
  <div class="card stat"><div class="label">Outbox backlog</div><div class="value">${runtime ? html`${runtime.outbox.pending}${runtime.outbox.pending ? html` <span class="muted">oldest ${ago(runtime.outbox.oldestPendingAt)}</span>` : ''}` : '—'}</div></div>
  <div class="card stat"><div class="label">Inbox (events applied)</div><div class="value">${runtime?.inbox.size ?? '—'}</div></div>
  <div class="card stat"><div class="label">Open dead letters</div><div class="value">${runtime?.deadLetters.open ?? '—'}</div></div>
</div>
${status ? html`<h2>Readiness</h2><div class="card">${Object.entries(status.checks).map(([k, v]) => check(k, v))}${status.problem ? html`<div class="muted">${status.problem}</div>` : ''}</div>` : ''}
${runtime?.sidecar.error ? html`<div class="flash bad">The sidecar's metadata: ${runtime.sidecar.error}</div>` : ''}
${m ? html`
<h2>Components</h2>
<table id="components"><thead><tr><th>Name</th><th>Type</th><th>Version</th><th>Capabilities</th></tr></thead><tbody>
${(m.components ?? []).map((c) => html`<tr><td>${c.name}</td><td class="mono">${c.type}</td><td>${c.version ?? ''}</td><td class="muted">${(c.capabilities ?? []).join(', ')}</td></tr>`)}
</tbody></table>
<h2>Subscriptions</h2>
${(m.subscriptions ?? []).length ? html`<table id="subscriptions"><thead><tr><th>Topic</th><th>Pub/sub</th><th>Routes</th><th>Dead-letter topic</th></tr></thead><tbody>
${(m.subscriptions ?? []).map((s) => html`<tr><td class="mono">${s.topic}</td><td>${s.pubsubname}</td><td>${rulesOf(s).map((r) => html`<div class="mono">${r.match ? html`<span class="muted">${r.match} →</span> ` : ''}${r.path}</div>`)}</td><td class="mono">${s.deadLetterTopic || html`<span class="muted">none</span>`}</td></tr>`)}
</tbody></table>` : html`<p class="muted">No subscriptions.</p>`}
<h2>Workflows and actors</h2>
<table id="workflows"><tbody>
<tr><th>Registered workflows</th><td>${runtime?.workflows?.names.length ? runtime.workflows.names.join(', ') : html`<span class="muted">none</span>`}</td></tr>
<tr><th>Workflow workers connected</th><td>${m.workflows?.connectedWorkers ?? 0}</td></tr>
<tr><th>Actor types</th><td>${(m.actors ?? m.actorRuntime?.activeActors ?? []).map((a) => html`<span class="kv"><b>${a.type}</b> ${a.count} active</span>`)}${(m.actors ?? m.actorRuntime?.activeActors ?? []).length ? '' : html`<span class="muted">none</span>`}</td></tr>
<tr><th>Placement</th><td>${m.actorRuntime?.placement ?? '—'}</td></tr>
<tr><th>Scheduler</th><td>${(m.scheduler?.connected_addresses ?? []).join(', ') || '—'}</td></tr>
<tr><th>Features</th><td>${(m.enabledFeatures ?? []).join(', ') || html`<span class="muted">none</span>`}</td></tr>
<tr><th>App channel</th><td>${m.appConnectionProperties ? `${m.appConnectionProperties.protocol ?? 'http'} port ${m.appConnectionProperties.port ?? ''}, health ${m.appConnectionProperties.health?.healthCheckPath ?? '—'} every ${m.appConnectionProperties.health?.healthProbeInterval ?? '—'}` : '—'}</td></tr>
</tbody></table>` : html`<p class="muted">${appId === 'gateway' ? 'The gateway\'s sidecar serves service invocation only (dapr/policy.yaml), so it has no metadata to read.' : 'No sidecar metadata.'}</p>`}`;
}

export function sagaTone(row: SagaRow): { text: string; tone: Tone } {
  if (row.status === 'STUCK') return { text: 'STUCK', tone: 'bad' };
  const runtime = row.workflowState?.runtimeStatus;
  if (!runtime) return row.status === 'PENDING' ? { text: 'NOT STARTED', tone: 'warn' } : { text: 'NO STATE', tone: 'idle' };
  if (runtime === 'COMPLETED') return { text: runtime, tone: 'ok' };
  if (runtime === 'FAILED' || runtime === 'TERMINATED' || runtime === 'CANCELED') return { text: runtime, tone: 'bad' };
  if (runtime === 'SUSPENDED' || runtime === 'PENDING') return { text: runtime, tone: 'warn' };
  return { text: runtime, tone: 'idle' };
}

export function sagas(rows: SagaRow[], problems: string[]): Html {
  return html`${problems.map((p) => html`<div class="flash bad">${p}</div>`)}
${rows.length ? html`<table id="sagas"><thead><tr><th>Status</th><th>Workflow</th><th>Instance</th><th>Current step</th><th>Input</th><th>Started</th><th>Last change</th><th>Owner</th></tr></thead><tbody>
${rows.map((r) => {
    const t = sagaTone(r);
    return html`<tr data-instance="${r.instanceId}" data-status="${t.text}"><td>${badge(t.text, t.tone)}${r.stuck ? html`<div class="muted">${r.stuck.reason.slice(0, 140)}</div>` : ''}</td><td>${r.workflow}</td>
<td class="mono"><a href="/sagas/${r.owner}/${r.instanceId}">${r.instanceId}</a></td><td>${r.stuck?.step ?? r.workflowState?.customStatus ?? html`<span class="muted">—</span>`}</td>
<td>${summary(r.input, 3)}</td><td class="nw">${ago(r.createdAt)}</td><td class="nw">${ago(r.workflowState?.lastUpdatedAt ?? r.updatedAt)}</td><td class="nw">${r.owner}</td></tr>`;
  })}</tbody></table>` : html`<p class="muted">No saga matches.</p>`}`;
}

export function sagaDetail(row: SagaRow): Html {
  const t = sagaTone(row);
  const s = row.workflowState;
  type Step = { at: string | null; what: Html | string; detail?: Html };
  const steps: Step[] = [
    { at: row.createdAt, what: 'Asked for', detail: html`by a business transaction of ${row.owner} (the saga book's record)` },
    ...(s?.createdAt ? [{ at: s.createdAt, what: 'Started on Dapr Workflow', detail: html`${row.startAttempts ? `after ${row.startAttempts} attempt(s)` : ''}` }] : []),
    ...(row.signals ?? []).map((sig) => ({
      at: sig.createdAt, what: html`Event <b>${sig.eventName}</b> to raise`,
      detail: html`${summary(sig.payload)} ${sig.deliveredAt ? html`— raised ${ago(sig.deliveredAt)}` : badge(`not raised yet (${sig.attempts} attempts)`, 'warn')}${sig.lastError ? html` <span class="muted">${sig.lastError}</span>` : ''}`,
    })),
    ...(row.stuck ? [{ at: row.stuck.since, what: badge('STUCK', 'bad'), detail: html`at step <b>${row.stuck.step ?? '?'}</b>: ${row.stuck.reason}. Decisions: ${row.stuck.decisions.join(', ')}` }] : []),
    ...(row.resolution ? [{ at: row.resolution.at, what: html`Decision <b>${row.resolution.decision}</b>`, detail: html`by ${row.resolution.by ?? 'an operator'}` }] : []),
    ...(s?.lastUpdatedAt ? [{ at: s.lastUpdatedAt, what: html`Now ${badge(s.runtimeStatus, t.tone)}`, detail: html`${s.customStatus ? html`current step: <b>${s.customStatus}</b>` : ''}${s.failure ? html` failure: ${s.failure}` : ''}` }] : []),
  ];
  steps.sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''));
  return html`
<div class="grid">
  <div class="card stat"><div class="label">Status</div><div class="value" id="saga-status">${badge(t.text, t.tone)}</div></div>
  <div class="card stat"><div class="label">Workflow</div><div class="value">${row.workflow}</div></div>
  <div class="card stat"><div class="label">Current step</div><div class="value">${row.stuck?.step ?? s?.customStatus ?? '—'}</div></div>
  <div class="card stat"><div class="label">Owner</div><div class="value">${row.owner}</div></div>
</div>
<h2>History</h2>
<table class="timeline" id="history"><tbody>${steps.map((st) => html`<tr><td>${ago(st.at)}</td><td>${st.what}</td><td>${st.detail ?? ''}</td></tr>`)}</tbody></table>
<h2>Input</h2><div class="card">${fields(s?.input ?? row.input)}</div>
<h2>Output</h2><div class="card">${s?.output !== undefined && s?.output !== null ? fields(s.output) : html`<span class="muted">none yet</span>`}</div>
${row.lastError ? html`<h2>Last start error</h2><div class="card">${row.lastError}</div>` : ''}`;
}

export function sagaActions(row: SagaRow): Html {
  const base = `/sagas/${row.owner}/${row.instanceId}`;
  const action = (name: string, label: string, cls = '') => html`<form method="post" action="${base}/${name}"><button class="${cls}" type="submit">${label}</button></form>`;
  return html`<div class="card actions"><b>Actions</b> <span class="muted">(Dapr Workflow, through ${row.owner}'s ops routes)</span><br>
${action('suspend', 'Suspend')}${action('resume', 'Resume')}${action('terminate', 'Terminate', 'danger')}${action('purge', 'Purge', 'danger')}
<form method="post" action="${base}/raise"><input name="name" placeholder="event name" required size="22"> <input name="payload" placeholder='payload as JSON, e.g. {"decision":"RETRY"}' size="40"> <button type="submit">Raise event</button></form>
${row.stuck ? html`<div class="muted">A STUCK saga takes one of its decisions (${row.stuck.decisions.join(', ')}) through POST /admin/sagas/${row.instanceId}/resolution of ${row.owner}.</div>` : ''}</div>`;
}

export function events(tail: TailedEvent[], letters: DeadLetterRow[], problems: string[]): Html {
  return html`
<h2>Dead letters <span class="muted">(kept by each consumer; replayed through its own route)</span></h2>
${problems.map((p) => html`<div class="flash bad">${p}</div>`)}
${letters.length ? html`<table id="dead-letters"><thead><tr><th>Received</th><th>Consumer</th><th>Topic</th><th>Type</th><th>Subject</th><th>Reason</th><th>Replay</th></tr></thead><tbody>
${letters.map((d) => html`<tr data-id="${d.id}"><td class="nw">${ago(d.receivedAt)}</td><td class="nw">${d.owner}</td><td class="mono">${d.topic}</td><td class="mono">${d.type}</td><td class="mono">${d.subject ?? ''}</td><td>${d.reason}</td>
<td>${d.replayedAt ? html`${badge(d.replayOutcome ?? 'replayed', 'ok')} ${ago(d.replayedAt)}` : html`<form method="post" action="/dead-letters/${d.owner}/${d.id}/replay"><button class="primary" type="submit">Replay</button></form>`}</td></tr>`)}
</tbody></table>` : html`<p class="muted" id="no-dead-letters">No open dead letters.</p>`}
<h2>Live tail <span class="muted">(newest first)</span></h2>
${tail.length ? html`<table id="tail"><thead><tr><th>Received</th><th>Topic</th><th>Type</th><th>Subject</th><th>Data</th><th>From</th></tr></thead><tbody>
${tail.map((e) => html`<tr data-type="${e.type}"><td class="nw">${ago(e.receivedAt)}</td><td class="mono">${e.deadLetter ? badge(e.topic, 'warn') : e.topic}</td><td class="mono">${e.type}</td><td class="mono">${e.subject ?? ''}</td>
<td>${summary(e.data, 5)}${e.reason ? html`<div class="muted">${e.reason}</div>` : ''}</td><td class="muted nw">${e.source}</td></tr>`)}
</tbody></table>` : html`<p class="muted">No event matches yet.</p>`}`;
}

export function loginForm(error: string | null, next: string): Html {
  return html`<div class="login card"><form method="post" action="/login">
${error ? html`<div class="flash bad">${error}</div>` : ''}
<input type="hidden" name="next" value="${next}">
<label>Email<input name="email" type="email" autocomplete="username" required autofocus></label>
<label>Password<input name="password" type="password" autocomplete="current-password" required></label>
<button class="primary" type="submit">Log in</button>
<p class="muted">ADMIN accounts only; the first admin's login is printed by npm start.</p></form></div>`;
}
