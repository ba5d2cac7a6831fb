import { expect } from 'chai';
import fc from 'fast-check';
import { adjust, fill, newReservation, openQuantity, release, reserveRefusal, type ReservationState } from '../../src/domain/reservation.ts';

describe('reservations of shares for SELL orders (one writer: the fills)', () => {
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

  it('fills take their shares out of the reservation, which only shrinks; when all are sold it is CONSUMED', () => {
    const a = fill(newReservation(10), 4);
    expect(a.fromReservation).to.equal(4);
    expect(openQuantity(a.reservation)).to.equal(6);
    const b = fill(a.reservation, 6);
    expect(b.fromReservation).to.equal(6);
    expect(b.reservation).to.include({ consumed: 10, filled: 10, status: 'CONSUMED' });
    expect(openQuantity(b.reservation)).to.equal(0);
  });

  it('a fill beyond the reservation (or after its release) comes out of the free quantity', () => {
    expect(fill(release(newReservation(3)).reservation, 2).fromReservation).to.equal(0);
    const over = fill(newReservation(3), 5);
    expect(over.fromReservation).to.equal(3);
    expect(over.reservation).to.include({ consumed: 3, filled: 5, status: 'CONSUMED' });
  });

  describe('a modified order adjusts its reservation', () => {
    it('growth comes out of the free shares; when they are short it is refused', () => {
      const grown = adjust(newReservation(4), 6, 2, 'INFY');
      expect(grown).to.deep.include({ ok: true, reservedChange: 2 });
      const refused = adjust(newReservation(4), 7, 2, 'INFY');
      expect(refused).to.deep.equal({ ok: false, refusal: 'Only 2 INFY shares are free to reserve; asked for 3' });
    });

    it('a shrink hands shares back, but never below what the fills sold out of it; down to that, it is CONSUMED', () => {
      const partly = fill(newReservation(10), 4).reservation;
      expect(adjust(partly, 6, 0, 'INFY')).to.deep.include({ ok: true, reservedChange: -4 });
      const toSold = adjust(partly, 4, 0, 'INFY');
      expect(toSold.ok && toSold.reservation.status).to.equal('CONSUMED');
      expect(adjust(partly, 3, 0, 'INFY')).to.deep.equal({ ok: false, refusal: 'The order\'s fills already sold 4 shares of this reservation; it cannot shrink to 3' });
    });

    it('a released or consumed reservation is not adjusted', () => {
      expect(adjust(release(newReservation(3)).reservation, 5, 10, 'INFY').ok).to.equal(false);
    });
  });

  it('property: however fills, adjustments and a release interleave, what is reserved plus sold plus handed back is the order\'s quantity, and the reservation never grows by a fill', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('fill' as const), quantity: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ kind: fc.constant('adjust' as const), quantity: fc.integer({ min: 1, max: 40 }), free: fc.integer({ min: 0, max: 10 }) }),
      fc.record({ kind: fc.constant('release' as const) }),
    );
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.array(step, { maxLength: 20 }), (quantity, steps) => {
      let r: ReservationState = newReservation(quantity);
      let filled = 0;
      for (const s of steps) {
        const openBefore = openQuantity(r);
        if (s.kind === 'fill') {
          const outcome = fill(r, s.quantity);
          expect(openQuantity(outcome.reservation)).to.equal(openBefore - outcome.fromReservation);
          r = outcome.reservation;
          filled += s.quantity;
        } else if (s.kind === 'adjust') {
          const outcome = adjust(r, s.quantity, s.free, 'INFY');
          if (!outcome.ok) continue;
          expect(openQuantity(outcome.reservation) - openBefore).to.equal(outcome.reservedChange);
          r = outcome.reservation;
        } else {
          r = release(r).reservation;
        }
        expect(r.consumed + r.released + openQuantity(r)).to.equal(r.quantity);
        expect(r.filled).to.equal(filled);
        expect(r.consumed).to.be.at.most(r.filled);
        expect(r.status === 'ACTIVE').to.equal(openQuantity(r) > 0);
      }
    }));
  });
});
