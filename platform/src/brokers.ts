// Where the message brokers are: the one place their addresses are read, for the launcher,
// the set-up (they go into the secret store the pub/sub components read) and the tests.
import type { RedisServer } from './infrastructure.ts';

export const BROKERS = ['redis', 'rabbitmq', 'mqtt', 'nats'] as const;
export type Broker = (typeof BROKERS)[number];

export interface BrokerAddresses {
  redis: string;
  rabbitmq: string;
  mqtt: string;
  nats: string;
}

export function brokerAddresses(redis: RedisServer): BrokerAddresses {
  return {
    redis: `${redis.host}:${redis.port}`,
    rabbitmq: process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    mqtt: process.env.MQTT_URL ?? 'tcp://127.0.0.1:1883',
    nats: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  };
}

/** host and port of a broker address, for a reachability check. */
export function hostAndPort(broker: Broker, addresses: BrokerAddresses): [string, number] {
  const value = addresses[broker];
  if (broker === 'redis') {
    const [host, port] = value.split(':');
    return [host!, Number(port)];
  }
  const url = new URL(value);
  const defaults: Record<Broker, number> = { redis: 6379, rabbitmq: 5672, mqtt: 1883, nats: 4222 };
  return [url.hostname, Number(url.port || defaults[broker])];
}

/** The broker the platform runs on: Redis Streams unless WINVESTCO_BROKER says otherwise. */
export function chosenBroker(): Broker {
  const broker = process.env.WINVESTCO_BROKER ?? 'redis';
  if (!(BROKERS as readonly string[]).includes(broker)) throw new Error(`WINVESTCO_BROKER must be one of ${BROKERS.join(', ')}, got "${broker}"`);
  return broker as Broker;
}
