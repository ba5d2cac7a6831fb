import { expect } from 'chai';
import { sumSamples } from '../../src/sources.ts';
import { EventTail } from '../../src/tail.ts';
import { ago, bytes, duration, html } from '../../src/views/html.ts';

describe('console: what it reads and how it reads to a person', () => {
  it('sums Prometheus samples by name and label, ignoring look-alike names', () => {
    const text = [
      '# HELP http_request_duration_seconds HTTP request duration',
      'http_request_duration_seconds_count{method="GET",route="/a",status="200",service="x"} 7',
      'http_request_duration_seconds_count{method="GET",route="/a",status="503",service="x"} 2',
      'http_request_duration_seconds_count_extra 100',
      'process_resident_memory_bytes{service="x"} 52428800',
    ].join('\n');
    expect(sumSamples(text, 'http_request_duration_seconds_count')).to.equal(9);
    expect(sumSamples(text, 'http_request_duration_seconds_count', (l) => /status="5\d\d"/.test(l))).to.equal(2);
    expect(sumSamples(text, 'process_resident_memory_bytes')).to.equal(52428800);
    expect(sumSamples(text, 'missing')).to.equal(null);
  });

  it('escapes every value put into a page, unless it is HTML already', () => {
    expect(html`<td>${'<script>alert("x")</script>'}</td>`.text).to.equal('<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>');
    expect(html`<p>${html`<b>ok</b>`}</p>`.text).to.equal('<p><b>ok</b></p>');
  });

  it('says ages, durations and sizes as a person reads them', () => {
    const now = Date.parse('2026-01-02T10:00:00Z');
    expect(ago('2026-01-02T09:59:48Z', now).text).to.contain('12 s ago');
    expect(duration(4 * 60 + 5)).to.equal('4 min');
    expect(duration(3 * 3600 + 120)).to.equal('3 h 2 min');
    expect(bytes(52428800)).to.equal('50.0 MB');
  });

  it('keeps the newest events of the tail, strips the run\'s topic prefix, and finds them by type and business id', () => {
    const tail = new EventTail(2);
    for (const [id, subject] of [['1', 'a'], ['2', 'b'], ['3', 'c']]) {
      tail.add({ id, type: 'funds.deposited', topic: 't1.funds', source: 'funds-service', subject, data: { reference: `pay-${id}` } }, 't1.');
    }
    tail.add({ id: '4', type: 'funds.deposited', topic: 't1.ledger-service.deadletter', deadletterreason: 'invalid payload' }, 't1.');
    expect(tail.list({}).map((e) => e.id)).to.deep.equal(['4', '3']);
    expect(tail.list({ q: 'pay-3' }).map((e) => e.topic)).to.deep.equal(['funds']);
    expect(tail.list({ topic: 'ledger-service.deadletter' })[0]).to.include({ deadLetter: true, reason: 'invalid payload' });
    expect(tail.add('not an event', 't1.')).to.equal(null);
    expect(EventTail.declarations('pubsub', 't1.', ['ledger-service.deadletter']).map((d) => d.topic)).to.include.members(['t1.funds', 't1.ledger-service.deadletter']);
  });
});
