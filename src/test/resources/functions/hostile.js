// Misbehaves on its runner's own authenticated connection to the manager, as any job's code can: it finds the
// runner's socket among the process's handles and writes raw frames on it. ?do= picks the misbehaviour.
const net = require('net');

function managerSocket() {
  // The only socket that is not stdout or stderr (a pipe): TCP or a Unix domain socket.
  const socket = process._getActiveHandles().find((h) => h instanceof net.Socket && h !== process.stdout
    && h !== process.stderr);
  if (!socket) throw new Error('no manager socket');
  return socket;
}

function frame(header, body = Buffer.alloc(0)) {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
  const prefix = Buffer.alloc(8);
  prefix.writeUInt32BE(json.length, 0);
  prefix.writeUInt32BE(body.length, 4);
  return Buffer.concat([prefix, json, body]);
}

module.exports.handler = async (request, response, context) => {
  const socket = managerSocket();
  switch (request.query('do')) {
    case 'flood': {
      // Fills the store with one big value, stops reading, then asks for it again and again. The timer keeps the
      // process alive: a socket that does not read would not.
      await context.setStore('big', 'x'.repeat(Number(request.query('size'))));
      setInterval(() => {}, 60000);
      socket.pause();
      const calls = Number(request.query('calls'));
      for (let i = 0; i < calls; i++) socket.write(frame({ t: 'call', cid: 1000000 + i, op: 'getStore', key: 'big' }));
      return response.text('flooded');
    }
    case 'oversized': {
      const prefix = Buffer.alloc(8);
      prefix.writeUInt32BE(16, 0);
      prefix.writeUInt32BE(64 * 1024 * 1024, 4);
      socket.write(prefix);
      break;
    }
    case 'unknown':
      socket.write(frame({ t: 'bogus' }));
      break;
    case 'malformed':
      socket.write(frame({ t: 'response', id: 'seven', status: 200 }));
      break;
    case 'foreign':
      socket.write(frame({ t: 'response', id: 999999, status: 200, headers: [], stream: false }, Buffer.from('x')));
      break;
    case 'window': {
      // A streamed answer for this runner's first event that ignores the manager's window.
      socket.write(frame({ t: 'response', id: 1, status: 200, headers: [], stream: true }));
      const chunk = Buffer.alloc(1024 * 1024, 120);
      for (let i = 0; i < 48; i++) socket.write(frame({ t: 'chunk', id: 1 }, chunk));
      await new Promise(() => {});
      break;
    }
    default:
      break;
  }
  response.text('survived');
};
