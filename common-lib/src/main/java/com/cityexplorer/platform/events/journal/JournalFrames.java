package com.cityexplorer.platform.events.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The journal's record format. Each entry is one frame:
 *
 * <pre>
 * magic (int 0xCE4A524E) | body length (int) | CRC32C of length and body (int) | body
 * body: topic | key | type | traceparent | envelope JSON, each an int length (-1 for null) and UTF-8 bytes
 * </pre>
 *
 * A frame is valid only when its magic, length and checksum agree and it lies entirely before the end of
 * what may be read, so a record torn by a crash (half written, or never written by a machine that lost its
 * page cache) is recognised and skipped; the reader then looks for the next valid frame, so only the
 * damaged bytes are lost. The type and trace context are kept beside the envelope so the shipper builds
 * the Kafka record without parsing JSON.
 */
final class JournalFrames {

    static final int MAGIC = 0xCE4A524E;
    static final int HEADER_BYTES = 12;
    /** The largest envelope accepted: Kafka's default {@code max.request.size} is 1 MiB. */
    static final int MAX_EVENT_BYTES = 1_000_000;
    static final int MAX_BODY_BYTES = MAX_EVENT_BYTES + 64 * 1024;
    private static final int MIN_BODY_BYTES = 5 * 4;
    private static final int SCAN_CHUNK = 64 * 1024;

    private JournalFrames() {
    }

    /** One journal entry, as the shipper sends it. */
    record Entry(String topic, String key, String type, String traceparent, String envelopeJson) {
    }

    /**
     * What one read found: the entries, where reading stopped (the position after the last entry or skipped
     * bytes), and how many damaged bytes were skipped.
     */
    record Batch(List<Entry> entries, long end, long skippedBytes) {
    }

    /** The complete frame of an entry, ready to be written. */
    static ByteBuffer encode(String topic, String key, String type, String traceparent, byte[] envelopeJson) {
        if (envelopeJson.length > MAX_EVENT_BYTES) {
            throw new IllegalArgumentException("An event of " + envelopeJson.length + " bytes is larger than the "
                    + MAX_EVENT_BYTES + " bytes a journal entry may hold");
        }
        byte[] topicBytes = utf8(topic);
        byte[] keyBytes = utf8(key);
        byte[] typeBytes = utf8(type);
        byte[] traceparentBytes = utf8(traceparent);
        int body = 5 * 4 + length(topicBytes) + length(keyBytes) + length(typeBytes) + length(traceparentBytes)
                + envelopeJson.length;
        if (body > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("A journal entry of " + body + " bytes is too large");
        }
        ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + body);
        frame.putInt(MAGIC).putInt(body).putInt(0);
        put(frame, topicBytes);
        put(frame, keyBytes);
        put(frame, typeBytes);
        put(frame, traceparentBytes);
        put(frame, envelopeJson);
        frame.putInt(8, checksum(frame.array(), body));
        return frame.flip();
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static void put(ByteBuffer frame, byte[] bytes) {
        if (bytes == null) {
            frame.putInt(-1);
        }
        else {
            frame.putInt(bytes.length).put(bytes);
        }
    }

    /** CRC32C of the length field and the body of the frame held in {@code frame}. */
    private static int checksum(byte[] frame, int body) {
        CRC32C crc = new CRC32C();
        crc.update(frame, 4, 4);
        crc.update(frame, HEADER_BYTES, body);
        return (int) crc.getValue();
    }

    /** Reads frames from one segment file through the caller's channel (positional reads only). */
    static final class Reader {

        private final FileChannel channel;
        private final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        private ByteBuffer frame = ByteBuffer.allocate(4096);
        private Entry last;

        Reader(FileChannel channel) {
            this.channel = channel;
        }

        /**
         * Up to {@code max} entries from {@code from}, never reading at or beyond {@code limit}. Damaged
         * bytes are skipped up to the next valid frame (or to {@code limit} when there is none).
         */
        Batch read(long from, long limit, int max) throws IOException {
            List<Entry> entries = new ArrayList<>();
            long position = from;
            long skipped = 0;
            while (entries.size() < max && position < limit) {
                int length = frameAt(position, limit);
                if (length > 0) {
                    entries.add(last);
                    position += length;
                }
                else {
                    long next = nextFrame(position + 1, limit);
                    skipped += next - position;
                    position = next;
                }
            }
            return new Batch(entries, position, skipped);
        }

        /** The length of the valid frame at {@code position} (then in {@link #last}), or -1. */
        private int frameAt(long position, long limit) throws IOException {
            if (limit - position < HEADER_BYTES + MIN_BODY_BYTES) {
                return -1;
            }
            header.clear();
            if (!readFully(header, position)) {
                return -1;
            }
            int magic = header.getInt(0);
            int body = header.getInt(4);
            if (magic != MAGIC || body < MIN_BODY_BYTES || body > MAX_BODY_BYTES || position + HEADER_BYTES + body > limit) {
                return -1;
            }
            int length = HEADER_BYTES + body;
            if (frame.capacity() < length) {
                frame = ByteBuffer.allocate(Math.max(length, frame.capacity() * 2));
            }
            frame.clear().limit(length);
            if (!readFully(frame, position)) {
                return -1;
            }
            if (checksum(frame.array(), body) != frame.getInt(8)) {
                return -1;
            }
            try {
                frame.position(HEADER_BYTES);
                last = new Entry(string(frame), string(frame), string(frame), string(frame), string(frame));
            }
            catch (RuntimeException ex) {
                return -1; // a checksum collision on damaged bytes: not a frame
            }
            if (last.topic() == null || last.type() == null || last.envelopeJson() == null || frame.hasRemaining()) {
                return -1;
            }
            return length;
        }

        private static String string(ByteBuffer body) {
            int length = body.getInt();
            if (length == -1) {
                return null;
            }
            if (length < 0 || length > body.remaining()) {
                throw new IllegalStateException("bad length");
            }
            String value = new String(body.array(), body.position(), length, StandardCharsets.UTF_8);
            body.position(body.position() + length);
            return value;
        }

        /** The position of the next valid frame at or after {@code from}, or {@code limit}. */
        private long nextFrame(long from, long limit) throws IOException {
            ByteBuffer chunk = ByteBuffer.allocate(SCAN_CHUNK);
            long base = from;
            while (base + HEADER_BYTES <= limit) {
                chunk.clear().limit((int) Math.min(SCAN_CHUNK, limit - base));
                if (!readFully(chunk, base)) {
                    return limit;
                }
                int found = chunk.limit() - 3;
                for (int i = 0; i < found; i++) {
                    if (chunk.getInt(i) == MAGIC && frameAt(base + i, limit) > 0) {
                        return base + i;
                    }
                }
                base += Math.max(1, found);
            }
            return limit;
        }

        private boolean readFully(ByteBuffer buffer, long position) throws IOException {
            long at = position;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, at);
                if (read < 0) {
                    return false;
                }
                at += read;
            }
            return true;
        }
    }
}
