package com.cityexplorer.platform.events.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * One slot of a journal directory ({@code slot-<n>}), held exclusively through an OS file lock on its
 * {@code lock} file, which the OS releases when the holding process dies. A slot holds segment files
 * ({@code segment-<sequence>.log}, appended to by the instance that holds it) and the shipped position
 * ({@code position}): everything before it has been acknowledged by Kafka.
 * <p>
 * The position file holds two copies, written alternately, each with a counter and a checksum, and is
 * forced after each write, so a crash in the middle of a write leaves the previous position readable.
 */
final class JournalSlot implements AutoCloseable {

    static final String SLOT_PREFIX = "slot-";
    static final String SEGMENT_PREFIX = "segment-";
    static final String SEGMENT_SUFFIX = ".log";
    private static final int CELL_BYTES = 32;

    /**
     * The slots this JVM holds. Closing any channel to a locked file releases the process's lock on it (POSIX
     * record locks belong to the process), so this JVM never opens a lock file it already holds.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    /** Everything before this point of the slot has been shipped. A missing segment counts as shipped. */
    record Position(long segment, long offset) {
    }

    private final Path directory;
    private final Path key;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel positionChannel;
    private long counter;
    private Position position;

    private JournalSlot(Path directory, Path key, FileChannel lockChannel, FileLock lock) throws IOException {
        this.directory = directory;
        this.key = key;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.positionChannel = FileChannel.open(directory.resolve("position"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        readPosition();
    }

    /** Takes the first slot of {@code root} nobody holds, creating a new one when all are held. */
    static JournalSlot claim(Path root) throws IOException {
        Files.createDirectories(root);
        for (int number = 0; ; number++) {
            Path directory = root.resolve(SLOT_PREFIX + number);
            Files.createDirectories(directory);
            JournalSlot slot = tryLock(directory);
            if (slot != null) {
                return slot;
            }
        }
    }

    /** The slot in {@code directory} if nobody (no process, and not this JVM) holds it, else {@code null}. */
    static JournalSlot tryLock(Path directory) throws IOException {
        Path key = directory.toRealPath();
        if (!HELD.add(key)) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD.remove(key);
                return null;
            }
            return new JournalSlot(directory, key, channel, lock);
        }
        catch (IOException | RuntimeException ex) {
            if (channel != null) {
                channel.close();
            }
            HELD.remove(key);
            throw ex;
        }
    }

    /** The slot directories of {@code root}, in slot number order. */
    static List<Path> slots(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(path -> path.getFileName().toString().matches(SLOT_PREFIX + "\\d{1,9}") && Files.isDirectory(path))
                .sorted(Comparator.comparingInt(path -> Integer.parseInt(path.getFileName().toString().substring(SLOT_PREFIX.length()))))
                .toList();
        }
    }

    Path directory() {
        return directory;
    }

    /** The sequence numbers of the slot's segment files, in order. */
    List<Long> segments() throws IOException {
        List<Long> sequences = new ArrayList<>();
        try (Stream<Path> children = Files.list(directory)) {
            children.map(path -> path.getFileName().toString())
                .filter(name -> name.startsWith(SEGMENT_PREFIX) && name.endsWith(SEGMENT_SUFFIX))
                .forEach(name -> {
                    try {
                        sequences.add(Long.parseLong(name.substring(SEGMENT_PREFIX.length(), name.length() - SEGMENT_SUFFIX.length())));
                    }
                    catch (NumberFormatException ex) {
                        // not a segment of ours
                    }
                });
        }
        sequences.sort(null);
        return sequences;
    }

    Path segment(long sequence) {
        return directory.resolve(SEGMENT_PREFIX + String.format("%019d", sequence) + SEGMENT_SUFFIX);
    }

    /**
     * Creates a new, empty segment file for appending, and forces the slot directory so that the file itself
     * (not only its contents) survives a machine crash.
     */
    FileChannel createSegment(long sequence) throws IOException {
        FileChannel channel = FileChannel.open(segment(sequence), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (FileChannel slotDirectory = FileChannel.open(directory, StandardOpenOption.READ)) {
            slotDirectory.force(true);
        }
        catch (IOException ex) {
            // Not every platform can force a directory (Windows cannot); the file's own flushes still apply.
        }
        return channel;
    }

    /** The size of a segment, 0 when it does not exist (any more). */
    long size(long sequence) throws IOException {
        try {
            return Files.size(segment(sequence));
        }
        catch (NoSuchFileException ex) {
            return 0;
        }
    }

    /** The sequence for a new segment: after every existing one and after the shipped position. */
    long nextSegment() throws IOException {
        List<Long> existing = segments();
        long last = existing.isEmpty() ? 0 : existing.getLast();
        return Math.max(last, position.segment()) + 1;
    }

    /** Bytes in the slot's segments that have not been shipped. */
    long unshippedBytes() throws IOException {
        long bytes = 0;
        for (long sequence : segments()) {
            if (sequence > position.segment()) {
                bytes += size(sequence);
            }
            else if (sequence == position.segment()) {
                bytes += Math.max(0, size(sequence) - position.offset());
            }
        }
        return bytes;
    }

    Position position() {
        return position;
    }

    /** Records the shipped position durably (written and forced) before returning. */
    void record(Position next) throws IOException {
        long nextCounter = counter + 1;
        ByteBuffer cell = ByteBuffer.allocate(CELL_BYTES);
        cell.putLong(nextCounter).putLong(next.segment()).putLong(next.offset());
        cell.putInt(checksum(cell.array())).putInt(0).flip();
        FileChannel channel = positionChannel();
        long at = (nextCounter % 2) * CELL_BYTES;
        while (cell.hasRemaining()) {
            at += channel.write(cell, at);
        }
        channel.force(false);
        counter = nextCounter;
        position = next;
    }

    private FileChannel positionChannel() throws IOException {
        if (!positionChannel.isOpen()) { // closed by an interrupt of the shipper
            positionChannel = FileChannel.open(directory.resolve("position"), StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        return positionChannel;
    }

    private void readPosition() throws IOException {
        counter = 0;
        position = new Position(0, 0);
        ByteBuffer cells = ByteBuffer.allocate(2 * CELL_BYTES);
        long at = 0;
        while (cells.hasRemaining()) {
            int read = positionChannel.read(cells, at);
            if (read < 0) {
                break;
            }
            at += read;
        }
        for (int cell = 0; cell < 2; cell++) {
            int start = cell * CELL_BYTES;
            if (cells.position() < start + CELL_BYTES) {
                continue;
            }
            byte[] bytes = new byte[CELL_BYTES];
            cells.get(start, bytes);
            ByteBuffer view = ByteBuffer.wrap(bytes);
            long cellCounter = view.getLong(0);
            if (cellCounter > counter && view.getInt(24) == checksum(bytes)) {
                counter = cellCounter;
                position = new Position(view.getLong(8), view.getLong(16));
            }
        }
    }

    private static int checksum(byte[] cell) {
        CRC32C crc = new CRC32C();
        crc.update(cell, 0, 24);
        return (int) crc.getValue();
    }

    /** Releases the slot: any instance may take it now. */
    @Override
    public void close() {
        try {
            positionChannel.close();
        }
        catch (IOException ex) {
            // released below all the same
        }
        try {
            lock.release();
        }
        catch (IOException ex) {
            // closing the channel releases it too
        }
        try {
            lockChannel.close();
        }
        catch (IOException ex) {
            // the OS releases it with the process at the latest
        }
        HELD.remove(key);
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
