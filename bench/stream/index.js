// Streaming benchmark function: /stream/echo sends the request body back as it arrives, /stream/upload reads it and
// answers its size, /stream/download?mb=N writes N MiB. bench/stream.sh serves the same from a plain Node server.
const block = Buffer.alloc(64 * 1024, 'x');

module.exports.handlerHttp = async ({ request, response }) => {
  if (request.path === '/stream/echo') {
    response.header('content-type', 'application/octet-stream');
    request.getReadStream().pipe(response.getWriteStream());
  } else if (request.path === '/stream/upload') {
    let size = 0;
    for await (const chunk of request.getReadStream()) size += chunk.length;
    response.text(String(size));
  } else {
    const out = response.header('content-type', 'application/octet-stream').getWriteStream();
    for (let left = Number(request.query('mb')) * 16; left > 0; left--) {
      if (!out.write(block)) await new Promise((resolve) => out.once('drain', resolve));
    }
    out.end();
  }
};
