import net from 'node:net';

function encode(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/**
 * Sends one command per entry to a Redis server and resolves once it has answered them all
 * (the answers are not parsed; this is for clean-up commands whose result does not matter).
 */
export async function redisCommands(host: string, port: number, commands: readonly (readonly string[])[], password?: string): Promise<void> {
  const all = [...(password ? [['AUTH', password]] : []), ...commands, ['QUIT']];
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host, port }, () => socket.write(all.map(encode).join('')));
    socket.setTimeout(5000, () => socket.destroy(new Error('redis did not answer')));
    socket.on('data', () => undefined);
    socket.once('error', reject);
    socket.once('close', () => resolve());
  });
}
