// A zip writer and a small reader, on node:zlib alone. Entries are written in the order given with a fixed
// timestamp, so the same files always give the same archive (republishing unchanged code is then a no-op).
import fs from 'node:fs';
import zlib from 'node:zlib';

const CRC_TABLE = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

export function crc32(buffer, crc = 0) {
  let c = ~crc;
  for (let i = 0; i < buffer.length; i++) c = CRC_TABLE[(c ^ buffer[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const UTF8_NAMES = 0x0800;
const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;

/**
 * Writes `entries` ({name, data: Buffer} or {name, file: path}, optional unix `mode`) as a zip to `target`.
 * Calls `onEntry(index, count)` after each entry. Refuses what would need zip64 (Jobber's archive limits are far
 * below it). Answers {entries, bytes}.
 */
export function writeZip(target, entries, { onEntry } = {}) {
  if (entries.length > MAX_ENTRIES) throw new Error(`too many files for a zip: ${entries.length} (at most ${MAX_ENTRIES})`);
  const fd = fs.openSync(target, 'w');
  const central = [];
  let offset = 0;
  const write = (buffer) => {
    fs.writeSync(fd, buffer);
    offset += buffer.length;
    if (offset > MAX_OFFSET) throw new Error('the archive would be larger than 4 GiB');
  };
  try {
    entries.forEach((entry, index) => {
      const name = Buffer.from(entry.name, 'utf8');
      const data = entry.data ?? fs.readFileSync(entry.file);
      const deflated = zlib.deflateRawSync(data);
      const stored = deflated.length >= data.length;
      const body = stored ? data : deflated;
      const crc = crc32(data);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(UTF8_NAMES, 6);
      local.writeUInt16LE(stored ? 0 : 8, 8);
      local.writeUInt16LE(DOS_TIME, 10);
      local.writeUInt16LE(DOS_DATE, 12);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE((3 << 8) | 20, 4); // made by unix, zip 2.0
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(UTF8_NAMES, 8);
      header.writeUInt16LE(stored ? 0 : 8, 10);
      header.writeUInt16LE(DOS_TIME, 12);
      header.writeUInt16LE(DOS_DATE, 14);
      header.writeUInt32LE(crc, 16);
      header.writeUInt32LE(body.length, 20);
      header.writeUInt32LE(data.length, 24);
      header.writeUInt16LE(name.length, 28);
      header.writeUInt32LE((((0o100000 | ((entry.mode ?? 0o644) & 0o777)) << 16) >>> 0), 38);
      header.writeUInt32LE(offset, 42);
      central.push(Buffer.concat([header, name]));
      write(local);
      write(name);
      write(body);
      onEntry?.(index + 1, entries.length);
    });
    const directoryOffset = offset;
    const directory = Buffer.concat(central);
    write(directory);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(directoryOffset, 16);
    write(end);
    return { entries: entries.length, bytes: offset };
  } finally {
    fs.closeSync(fd);
  }
}

/** The names and contents of a zip's entries, read through its central directory (no zip64). */
export function readZip(buffer) {
  let end = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip file');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('broken zip central directory');
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      read() {
        const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
        const body = buffer.subarray(start, start + size);
        if (method === 0) return Buffer.from(body);
        if (method === 8) return zlib.inflateRawSync(body);
        throw new Error(`${name}: unsupported compression method ${method}`);
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
