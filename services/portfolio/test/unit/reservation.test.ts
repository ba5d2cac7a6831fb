import { expect } from 'chai';
import fc from 'fast-check';
import { consume, fill, newReservation, openQuantity, release, reserveRefusal, type ReservationState } from '../../src/domain/reservation.ts';

function consumed(r: ReservationState, quantity: number): { reservation: ReservationState; leaving: number } {
  const outcome = consume(r, quantity);
  if (!outcome.ok) throw new Error(outcome.refusal);
  return outcome;
}

describe('reservations of shares for SELL orders', () => {
  it('when more shares are asked than are free, then the reservation is refused, saying how many are free', () => {
    expect(reserveRefusal(5, 6, 'INFY')).to.equal('Only 5 INFY shares are free to reserve; asked for 6');
    expect(reserveRefusal(1, 2, 'TCS')).to.equal('Only 1 TCS share is free to reserve; asked for 2');
    expect(reserveRefusal(5, 5, 'INFY')).to.equal(null);
  });

  it('a release hands back what is still reserved, and a second release hands back nothing', () => {
    const { reservation: partly } = fill(newReservation(10), 4);
    const first = release(partly);
    expect(first.freed).to.equal(6);
    expect(first.reservation).to.include({ consumed: 4, released: 6, status: 'RELEASED' });
    expect(release(first.reservation).freed).to.equal(0);
  });

  it('fills take the shares out of the reservation; when all are sold it is CONSUMED', () => {
    const a = fill(newReservation(10), 4);
    expect(a).to.deep.include({ leaving: 4, fromReservation: 4 });
    const b = fill(a.reservation, 6);
    expect(b).to.deep.include({ leaving: 6, fromReservation: 6 });
    expect(b.reservation.status).to.equal('CONSUMED');
    expect(openQuantity(b.reservation)).to.equal(0);
  });

  it('when the saga consumes first, then the fill takes out no shares again', () => {
    const byRequest = consumed(newReservation(10), 4);
    expect(byRequest.leaving).to.equal(4);
    const byFill = fill(byRequest.reservation, 4);
    expect(byFill).to.deep.include({ leaving: 0, fromReservation: 0 });
    expect(byFill.reservation).to.include({ consumed: 4, status: 'ACTIVE' });
  });

  it('when the fill comes first, then the saga\'s consume of the same shares takes out nothing more', () => {
    const byFill = fill(newReservation(10), 10);
    expect(byFill.reservation.status).to.equal('CONSUMED');
    const byRequest = consumed(byFill.reservation, 10);
    expect(byRequest.leaving).to.equal(0);
    expect(byRequest.reservation).to.include({ consumed: 10, status: 'CONSUMED' });
  });

  it('when a consume asks for more than is still reserved, then it is refused and nothing changes', () => {
    const r = fill(newReservation(5), 2).reservation;
    // Two of the six were sold by the fill already: four more would leave, but three are reserved.
    const outcome = consume(r, 6);
    expect(outcome.ok).to.equal(false);
    if (!outcome.ok) expect(outcome.refusal).to.equal('Only 3 shares are still reserved for this order (ACTIVE); consuming 6 would take out 4');
    expect(consumed(r, 5).leaving).to.equal(3);
    const released = release(r).reservation;
    expect(consume(released, 3).ok).to.equal(false);
    // Reporting only what the fills already sold takes nothing out, so it is not refused.
    expect(consumed(released, 2).leaving).to.equal(0);
  });

  it('a fill beyond the reservation (or after its release) comes out of the free quantity', () => {
    const late = fill(release(newReservation(3)).reservation, 2);
    expect(late).to.deep.include({ leaving: 2, fromReservation: 0 });
    const over = fill(newReservation(3), 5);
    expect(over).to.deep.include({ leaving: 5, fromReservation: 3 });
  });

  it('property: however consume calls and fills interleave, the shares that leave are the larger of the two totals, once', () => {
    const event = fc.record({ kind: fc.constantFrom('consume', 'fill'), quantity: fc.integer({ min: 1, max: 5 }) });
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.array(event, { maxLength: 20 }), (quantity, events) => {
      let r = newReservation(quantity);
      let left = 0;
      let fromReserved = 0;
      let requested = 0;
      let filled = 0;
      for (const e of events) {
        if (e.kind === 'consume') {
          const outcome = consume(r, e.quantity);
          if (!outcome.ok) continue;
          r = outcome.reservation;
          left += outcome.leaving;
          fromReserved += outcome.leaving;
          requested += e.quantity;
        } else {
          const outcome = fill(r, e.quantity);
          r = outcome.reservation;
          left += outcome.leaving;
          fromReserved += outcome.fromReservation;
          filled += e.quantity;
        }
        expect(left).to.equal(Math.max(requested, filled));
        expect(r.consumed).to.equal(fromReserved);
        expect(r.consumed + r.released + openQuantity(r)).to.equal(r.quantity);
        expect(openQuantity(r)).to.be.at.least(0);
        expect(r.status === 'ACTIVE').to.equal(openQuantity(r) > 0);
      }
    }));
  });
});
