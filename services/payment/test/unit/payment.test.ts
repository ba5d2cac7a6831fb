import { expect } from 'chai';
import { instanceIdOf, predecessors, simulatedOutcome, withdrawalRefusal } from '../../src/domain/payment.ts';
import { signature, signatureValid } from '../../src/domain/signature.ts';

describe('payment rules', () => {
  it('the simulated provider answers by payer handle, as a sandbox does', () => {
    expect(simulatedOutcome('success@sim')).to.equal('SUCCEEDED');
    expect(simulatedOutcome('ann@okbank')).to.equal('SUCCEEDED');
    expect(simulatedOutcome('FAILURE@SIM')).to.equal('FAILED');
    expect(simulatedOutcome('pending@sim')).to.equal('NEVER');
  });

  it('a withdrawal may take what is available and not a paisa more', () => {
    expect(withdrawalRefusal('500.0000', '500.0000')).to.equal(null);
    expect(withdrawalRefusal('500.0001', '500.0000')).to.match(/more than the 500.0000 available/);
  });

  it('one payment has one saga instance, named for its direction', () => {
    expect(instanceIdOf({ id: 'abc', direction: 'DEPOSIT' })).to.equal('deposit-abc');
    expect(instanceIdOf({ id: 'abc', direction: 'WITHDRAWAL' })).to.equal('withdrawal-abc');
  });

  it('terminal statuses lead nowhere and each status comes from its predecessor only', () => {
    expect(predecessors('SUCCEEDED')).to.deep.equal(['PENDING']);
    expect(predecessors('PAID_OUT')).to.deep.equal(['FUNDS_LOCKED']);
    expect(predecessors('FAILED')).not.to.include.members(['SUCCEEDED', 'PAID_OUT', 'EXPIRED']);
  });

  it('a webhook signature is HMAC-SHA256 of the raw body; anything else is refused', () => {
    const body = '{"a":1}';
    expect(signatureValid('s3cret', body, signature('s3cret', body))).to.equal(true);
    expect(signatureValid('s3cret', `${body} `, signature('s3cret', body))).to.equal(false);
    expect(signatureValid('other', body, signature('s3cret', body))).to.equal(false);
    expect(signatureValid('s3cret', body, undefined)).to.equal(false);
    expect(signatureValid('s3cret', body, 'sha256=zz')).to.equal(false);
  });
});
