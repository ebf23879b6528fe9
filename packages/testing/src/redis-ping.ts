import { connect } from 'node:net';

function encodeCommand(parts: readonly string[]): string {
  return `*${parts.length}\r\n${parts.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`;
}

/**
 * Sends PING (after AUTH when a password is given) over a raw socket and
 * resolves true when the server answers +PONG. Errors (wrong password, AOF
 * still loading) and timeouts resolve false. A raw socket keeps @emm/testing
 * free of a Redis client dependency.
 */
export function pingRedis(host: string, port: number, password?: string, timeoutMs = 500): Promise<boolean> {
  const commands = password === undefined ? [['PING']] : [['AUTH', password], ['PING']];
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = '';
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
    socket.once('connect', () => socket.write(commands.map(encodeCommand).join('')));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      // Every reply to AUTH/PING is a single line; wait until all have arrived.
      const lines = reply.split('\r\n').slice(0, -1);
      if (lines.length >= commands.length) finish(lines[commands.length - 1] === '+PONG');
    });
  });
}
