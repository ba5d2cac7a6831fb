import { expect } from 'chai';
import { runFakeSaga } from '../../src/saga-testing.ts';
import {
  activityName, backoffSeconds, defineWorkflow, OPERATOR_DECISION, RETRY, Saga, StepFailed, type Refused, type SagaContext, type Workflow,
} from '../../src/index.ts';

const reserve = activityName<{ n: number }, { id: string }>('reserve');
const charge = activityName<{ n: number }, { ok: true } | Refused>('charge');
const unreserve = activityName<{ id: string }, null>('unreserve');
const ship = activityName<{ n: number }, { shipped: true } | Refused>('ship');

const transient = () => {
  throw new Error('funds-service answered 503');
};

/** Reserve, then charge; a charge that cannot be made undoes the reservation. */
const order = defineWorkflow('order', async function* (ctx: SagaContext, input: { n: number }): Workflow<string> {
  const saga = new Saga(ctx);
  const reserved = yield* saga.step(reserve, input);
  saga.onFailure(unreserve, { id: reserved.id });
  try {
    const charged = yield* saga.step(charge, input);
    if ('refused' in charged) {
      yield* saga.compensate(charged.refused);
      return `REJECTED: ${charged.refused}`;
    }
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    yield* saga.compensate(error.message);
    return 'FAILED';
  }
  saga.commit();
  const shipped = yield* saga.finish(ship, input);
  return shipped ? 'SHIPPED' : 'SHIPPED BY HAND';
});

describe('the saga toolkit (a fake workflow context, virtual time)', () => {
  it('when every step succeeds, then each runs once, in order', async () => {
    const run = await runFakeSaga(order, { n: 1 }, { activities: { reserve: () => ({ id: 'r1' }), charge: () => ({ ok: true }), ship: () => ({ shipped: true }) } });
    expect(run.output).to.equal('SHIPPED');
    expect(run.calls.map((c) => c.name)).to.deep.equal(['reserve', 'charge', 'ship']);
  });

  it('when a step fails transiently, then it is tried again after 1, 2, 4 s of durable timer and goes on', async () => {
    const run = await runFakeSaga(order, { n: 1 }, {
      activities: { reserve: (_, attempt) => (attempt < 4 ? transient() : { id: 'r1' }), charge: () => ({ ok: true }), ship: () => ({ shipped: true }) },
    });
    expect(run.output).to.equal('SHIPPED');
    expect(run.calls.filter((c) => c.name === 'reserve').map((c) => c.at)).to.deep.equal([0, 1, 3, 7]);
  });

  it('when a step is refused, then it is not tried again and the undos run', async () => {
    const run = await runFakeSaga(order, { n: 1 }, { activities: { reserve: () => ({ id: 'r1' }), charge: () => ({ refused: '422 not enough money' }), unreserve: () => null } });
    expect(run.output).to.equal('REJECTED: 422 not enough money');
    expect(run.calls.map((c) => c.name)).to.deep.equal(['reserve', 'charge', 'unreserve']);
  });

  it('when a step that may be abandoned keeps failing for its whole budget, then the undos run and the saga ends', async () => {
    const run = await runFakeSaga(order, { n: 1 }, { activities: { reserve: () => ({ id: 'r1' }), charge: transient, unreserve: () => null } });
    expect(run.output).to.equal('FAILED');
    const charges = run.calls.filter((c) => c.name === 'charge');
    expect(charges.at(-1)!.at).to.be.at.most(RETRY.brief.giveUpAfterSeconds);
    expect(run.calls.at(-1)).to.include({ name: 'unreserve', failed: false });
  });

  it('when an undo fails for a while, then it is kept trying until it succeeds (it must complete)', async () => {
    const run = await runFakeSaga(order, { n: 1 }, {
      activities: { reserve: () => ({ id: 'r1' }), charge: () => ({ refused: 'no' }), unreserve: (_, attempt) => (attempt <= 12 ? transient() : null) },
    });
    expect(run.output).to.equal('REJECTED: no');
    expect(run.calls.filter((c) => c.name === 'unreserve')).to.have.length(13);
    // 1 + 2 + 4 + ... capped at five minutes between tries
    expect(run.seconds).to.be.greaterThan(600);
  });

  it('when a step that must complete is down for hours, then it backs off to five minutes and completes once it is back', async () => {
    const threeHours = 3 * 3600;
    const run = await runFakeSaga(order, { n: 1 }, {
      activities: { reserve: () => ({ id: 'r1' }), charge: () => ({ ok: true }), ship: (_, __, at) => (at < threeHours ? transient() : { shipped: true }) },
    });
    expect(run.output).to.equal('SHIPPED');
    const ships = run.calls.filter((c) => c.name === 'ship');
    const gaps = ships.slice(1).map((c, i) => c.at - ships[i]!.at);
    expect(Math.max(...gaps)).to.equal(RETRY.mustComplete.maxDelaySeconds);
    expect(ships.at(-1)!.at).to.be.within(threeHours, threeHours + RETRY.mustComplete.maxDelaySeconds);
  });

  it('when a step that must complete is refused, then the saga is STUCK, waits for an operator, and does what they decide', async () => {
    const stuck: unknown[] = [];
    const run = await runFakeSaga(order, { n: 1 }, {
      activities: {
        reserve: () => ({ id: 'r1' }), charge: () => ({ ok: true }), ship: () => ({ refused: '409 the warehouse is closed' }),
        'kit-saga-stuck': (input) => {
          stuck.push(input);
          return null;
        }, 'kit-saga-resumed': () => null,
      },
      events: [{ name: OPERATOR_DECISION, payload: { decision: 'DONE_BY_HAND', by: 'ops' }, at: 3600 }],
    });
    expect(run.output).to.equal('SHIPPED BY HAND');
    expect(stuck).to.deep.equal([{ reason: 'ship was refused: 409 the warehouse is closed', step: 'ship', decisions: ['RETRY', 'DONE_BY_HAND'] }]);
    expect(run.calls.map((c) => c.name)).to.deep.equal(['reserve', 'charge', 'ship', 'kit-saga-stuck', 'kit-saga-resumed']);
  });

  it('the backoff doubles from the first delay and stops growing at the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffSeconds({ firstDelaySeconds: 1, maxDelaySeconds: 8, giveUpAfterSeconds: 30 }, n))).to.deep.equal([1, 2, 4, 8, 8]);
  });
});
