package com.cityexplorer.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB wire-protocol server (mongo-java-server). With a data file it uses the H2 MVStore backend,
 * so data survives a restart; without one it keeps everything in memory (tests).
 * It has no geospatial operators and no multi-document transactions: the platform's code must not need them.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private final MongoServer server;
    private final int port;

    private EmbeddedMongo(MongoServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a server persisting to {@code dataFile} (created if missing), or in memory when it is null. */
    public static EmbeddedMongo start(Path dataFile, int port) {
        MongoBackend backend = dataFile != null ? h2(dataFile) : new MemoryBackend();
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        InetSocketAddress address = server.getLocalAddress();
        return new EmbeddedMongo(server, address.getPort());
    }

    private static MongoBackend h2(Path dataFile) {
        try {
            Files.createDirectories(dataFile.toAbsolutePath().getParent());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return new H2Backend(dataFile.toAbsolutePath().toString());
    }

    public int port() {
        return port;
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        // Also closes the backend, which commits and closes the H2 file.
        server.shutdown();
    }
}
