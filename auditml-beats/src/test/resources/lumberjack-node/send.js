// Sends events to auditml's Beats server with two third-party Lumberjack clients and prints the ACKs they saw:
//   lumberjack-client: v2 JSON frames, compressed (a window of the events queued before it connected, then one
//     window per event), to the plain port;
//   lumberjack-protocol: v1 data frames, uncompressed, over TLS (it speaks nothing else), windows of 50.
// Usage: node send.js PLAIN_PORT TLS_PORT V2_EVENTS.ndjson V1_EVENTS.ndjson QUEUED
'use strict'
const fs = require('fs')
const LumberjackClient = require('lumberjack-client')
const ClientSocket = require('lumberjack-protocol/lib/ClientSocket')

const [plainPort, tlsPort, v2File, v1File, queuedArg] = process.argv.slice(2)
const ndjson = (file) => fs.readFileSync(file, 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l))

function withLumberjackClient(port, events, queued) {
  return new Promise((resolve, reject) => {
    const client = new LumberjackClient({host: '127.0.0.1', port: Number(port)})
    // logged while connecting: queued, then sent as one window
    events.slice(0, queued).forEach((e) => client.log(e))
    const acks = []
    let pending = Buffer.alloc(0)
    client.socket.on('error', reject)
    client.socket.on('data', (data) => {
      pending = Buffer.concat([pending, data])
      while (pending.length >= 6) {
        if (pending.toString('latin1', 0, 2) !== '2A') {
          return reject(new Error('not a v2 ACK: ' + pending.toString('hex', 0, 6)))
        }
        const seq = pending.readUInt32BE(2)
        pending = pending.subarray(6)
        if (seq === 0) {
          continue // keep-alive
        }
        acks.push(seq)
        if (acks.length === 1) {
          // connected and the queued window acknowledged: the rest go one window each
          events.slice(queued).forEach((e) => client.log(e))
        }
        if (acks.length === 1 + events.length - queued) {
          client.socket.removeAllListeners('close') // no reconnecting
          client.socket.end()
          resolve({acks})
        }
      }
    })
  })
}

function withLumberjackProtocol(port, events) {
  return new Promise((resolve, reject) => {
    const socket = new ClientSocket({windowSize: 50})
    const acks = []
    let dropped = 0
    socket.on('error', reject)
    socket.on('connect', () => events.forEach((e) => socket.writeDataFrame(e, (err) => {
      if (err) {
        dropped++
      }
    })))
    socket.on('ack', (seq) => {
      if (seq === 0) {
        return
      }
      acks.push(seq)
      if (seq === events.length) {
        socket.close()
        resolve({acks, dropped})
      }
    })
    socket.connect({host: '127.0.0.1', port: Number(tlsPort), rejectUnauthorized: false})
  })
}

const timeout = setTimeout(() => {
  console.error('send.js: no final ACK within 60 s')
  process.exit(1)
}, 60000)

Promise.all([withLumberjackClient(plainPort, ndjson(v2File), Number(queuedArg)), withLumberjackProtocol(tlsPort, ndjson(v1File))])
  .then(([lumberjackClient, lumberjackProtocol]) => {
    clearTimeout(timeout)
    console.log(JSON.stringify({lumberjackClient, lumberjackProtocol}))
    process.exit(0) // lumberjack-protocol leaves its TLS socket open after close()
  })
  .catch((err) => {
    console.error('send.js: ' + err.message)
    process.exit(1)
  })
