/** Promise forms of the callback-style `serialport` calls the drivers and simulators use. */
import { SerialPort } from 'serialport';

export async function openSerialPort(path: string, baudRate: number): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  return port;
}

/** Resolves once the port is closed; closing a port that is not open is not an error. */
export function closeSerialPort(port: SerialPort): Promise<void> {
  if (!port.isOpen) return Promise.resolve();
  return new Promise<void>((resolve) => port.close(() => resolve()));
}

/** Write and wait until the bytes have left the process (tcdrain). */
export function writeAndDrain(port: SerialPort, data: Uint8Array): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    port.write(data, (err) => {
      if (err) return reject(err);
      port.drain((drainErr) => (drainErr ? reject(drainErr) : resolve()));
    });
  });
}
