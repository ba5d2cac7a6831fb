// What the funds service consumes: user.registered opens the user's wallet. What it
// publishes (topic `funds`, one event per money movement) is declared in the kit's
// contracts and written by the use cases with the movement they report.
import { subscribe, usersTopic, type Subscription } from '@winvestco/common';
import type { FundsRepositories } from './store.ts';
import { openWallet } from './usecases.ts';

export function fundsSubscriptions(): Subscription<FundsRepositories>[] {
  return [
    subscribe(usersTopic, {
      'user.registered': async (t, user) => void (await openWallet(t, user.userId)),
    }),
  ];
}
