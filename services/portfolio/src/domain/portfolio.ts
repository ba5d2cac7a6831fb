// The portfolio service's domain types: what the store returns and the use cases work on.
import type { Position } from './position.ts';
import type { ReservationState } from './reservation.ts';

export interface Portfolio {
  id: string;
  userId: string;
  name: string;
  currency: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Holding extends Position {
  id: string;
  portfolioId: string;
  symbol: string;
  currency: string;
  reservedQuantity: number;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** Shares no open order has set aside: what a new SELL order may reserve. */
export const freeQuantity = (h: Pick<Holding, 'quantity' | 'reservedQuantity'>): number => h.quantity - h.reservedQuantity;

export interface Reservation extends ReservationState {
  id: string;
  orderId: string;
  holdingId: string;
  userId: string;
  symbol: string;
  releaseReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}
