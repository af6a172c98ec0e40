package dev.jobber.job.archive;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a zip file byte by byte with every field under the test's control, including the ones that lie: declared
 * sizes and checksums, entry counts and offsets, zip64 records, attributes, flags, methods and extra fields. Unlike
 * {@code java.util.zip}, it writes duplicate names and names that are not UTF-8.
 */
final class RawZip {

    static final int UNIX_FILE = 0100644 << 16;
    static final int UNIX_SYMLINK = 0120777 << 16;
    static final int MADE_ON_UNIX = 0x031E;

    /** One entry; a null lie means the true value. */
    static final class Entry {
        byte[] name;
        byte[] content;
        boolean deflated;
        Integer method;
        int flags = 0x0800; // names in UTF-8
        int versionMadeBy = 20;
        int externalAttributes;
        Long crc;
        Long declaredSize;
        Long declaredCompressedSize;
        boolean zip64;
        byte[] extra = new byte[0];

        Entry(String name, byte[] content) {
            this.name = name.getBytes(UTF_8);
            this.content = content;
        }
    }

    final List<Entry> entries = new ArrayList<>();
    boolean zip64End;
    Long zip64RecordSize;
    Integer declaredCount;
    Long declaredDirectoryOffset;
    Long declaredDirectorySize;
    byte[] comment = new byte[0];

    Entry add(String name, byte[] content, boolean deflated) {
        Entry entry = new Entry(name, content);
        entry.deflated = deflated;
        entries.add(entry);
        return entry;
    }

    byte[] toBytes() {
        Out out = new Out();
        List<Long> offsets = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        for (Entry e : entries) {
            byte[] stored = e.deflated ? deflate(e.content) : e.content;
            data.add(stored);
            offsets.add((long) out.size());
            out.int32(0x04034b50).int16(e.zip64 ? 45 : 20).int16(e.flags).int16(method(e)).int16(0)
                    .int16((1 << 5) | 1).int32(crc(e));
            byte[] extra = e.zip64 ? concat(zip64Extra(size(e), compressedSize(e, stored), null), e.extra) : e.extra;
            out.int32(e.zip64 ? 0xFFFFFFFFL : compressedSize(e, stored)).int32(e.zip64 ? 0xFFFFFFFFL : size(e))
                    .int16(e.name.length).int16(extra.length).bytes(e.name).bytes(extra).bytes(stored);
        }
        long directoryOffset = out.size();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            long compressed = compressedSize(e, data.get(i));
            byte[] extra = e.zip64 ? concat(zip64Extra(size(e), compressed, offsets.get(i)), e.extra) : e.extra;
            out.int32(0x02014b50).int16(e.versionMadeBy).int16(e.zip64 ? 45 : 20).int16(e.flags).int16(method(e))
                    .int16(0).int16((1 << 5) | 1).int32(crc(e))
                    .int32(e.zip64 ? 0xFFFFFFFFL : compressed).int32(e.zip64 ? 0xFFFFFFFFL : size(e))
                    .int16(e.name.length).int16(extra.length).int16(0).int16(0).int16(0).int32(e.externalAttributes)
                    .int32(e.zip64 ? 0xFFFFFFFFL : offsets.get(i)).bytes(e.name).bytes(extra);
        }
        long directorySize = or(declaredDirectorySize, out.size() - directoryOffset);
        long directoryAt = or(declaredDirectoryOffset, directoryOffset);
        long count = declaredCount != null ? declaredCount : entries.size();
        if (zip64End) {
            long recordAt = out.size();
            out.int32(0x06064b50).int64(or(zip64RecordSize, 44L)).int16(45).int16(45).int32(0).int32(0)
                    .int64(count).int64(count).int64(directorySize).int64(directoryAt);
            out.int32(0x07064b50).int32(0).int64(recordAt).int32(1);
        }
        out.int32(0x06054b50).int16(0).int16(0)
                .int16(zip64End ? 0xFFFF : count).int16(zip64End ? 0xFFFF : count)
                .int32(zip64End ? 0xFFFFFFFFL : directorySize).int32(zip64End ? 0xFFFFFFFFL : directoryAt)
                .int16(comment.length).bytes(comment);
        return out.toByteArray();
    }

    private static int method(Entry e) {
        return e.method != null ? e.method : e.deflated ? 8 : 0;
    }

    private static long crc(Entry e) {
        if (e.crc != null) {
            return e.crc;
        }
        CRC32 crc = new CRC32();
        crc.update(e.content);
        return crc.getValue();
    }

    private static long size(Entry e) {
        return or(e.declaredSize, e.content.length);
    }

    private static long compressedSize(Entry e, byte[] stored) {
        return or(e.declaredCompressedSize, stored.length);
    }

    private static long or(Long lie, long truth) {
        return lie != null ? lie : truth;
    }

    private static byte[] zip64Extra(long size, long compressedSize, Long offset) {
        Out extra = new Out();
        extra.int16(0x0001).int16(offset == null ? 16 : 24).int64(size).int64(compressedSize);
        if (offset != null) {
            extra.int64(offset);
        }
        return extra.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    static byte[] deflate(byte[] content) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(content);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** Little-endian writes; values are cut to the field's width, as a lying header would be. */
    private static final class Out extends ByteArrayOutputStream {
        Out int16(long value) {
            write((int) value);
            write((int) (value >>> 8));
            return this;
        }

        Out int32(long value) {
            return int16(value).int16(value >>> 16);
        }

        Out int64(long value) {
            return int32(value).int32(value >>> 32);
        }

        Out bytes(byte[] bytes) {
            writeBytes(bytes);
            return this;
        }
    }
}
