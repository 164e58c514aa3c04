// Echo peer on Node's net module: every chunk read is written back; reading pauses while a
// write is buffered (the same backpressure as the other servers).
// Prints "node-echo listening on 127.0.0.1:PORT"; runs until killed.
//
//   node node_server.cjs [PORT]   (CommonJS: the repository's package.json makes .js modules)
'use strict';
const net = require('net');

const server = net.createServer({ noDelay: true }, (socket) => {
  socket.on('data', (data) => {
    if (!socket.write(data)) {
      socket.pause();
      socket.once('drain', () => socket.resume());
    }
  });
  socket.on('error', () => socket.destroy());
});
server.listen({ port: Number(process.argv[2] || 0), host: '127.0.0.1', backlog: 4096 }, () => {
  console.log(`node-echo listening on 127.0.0.1:${server.address().port}`);
});
