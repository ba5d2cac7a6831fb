import { expect } from 'chai';
import { readableLogLine } from '../../src/processes.ts';

describe('launcher log lines', () => {
  it('shows a JSON log line as time, level, message and details', () => {
    const line = JSON.stringify({ level: 40, time: '2026-11-24T15:12:26.575Z', service: 'user-service', msg: 'outbox publish failed', eventId: 'e-1', attempts: 2 });
    expect(readableLogLine(line)).to.equal('15:12:26.575 WARN  outbox publish failed  eventId=e-1 attempts=2');
  });

  it('keeps the request id, so a person can follow one request', () => {
    const line = JSON.stringify({ level: 30, time: '2026-11-24T15:12:26.575Z', service: 'user-service', requestId: 'req-7', msg: 'request', status: 201 });
    expect(readableLogLine(line)).to.equal('15:12:26.575 INFO  request  requestId=req-7 status=201');
  });

  it('leaves other lines as they are', () => {
    expect(readableLogLine('plain text {not json')).to.equal('plain text {not json');
  });
});
