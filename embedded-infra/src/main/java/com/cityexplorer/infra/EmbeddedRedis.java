package com.cityexplorer.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import redis.embedded.RedisServer;

/**
 * A real Redis server process (the redis-server binary shipped in the embedded-redis jar).
 * With a data directory it keeps an append-only file there, so sessions survive a restart.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static EmbeddedRedis start(Path dataDir, int port) {
        try {
            var builder = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("maxmemory 128mb")
                .setting("maxmemory-policy volatile-lru")
                .setting("protected-mode yes")
                .onShutdownForceStop(true);
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                builder.setting("dir " + dataDir.toAbsolutePath())
                    .setting("appendonly yes")
                    .setting("appendfsync everysec");
            }
            else {
                builder.setting("save \"\"").setting("appendonly no");
            }
            RedisServer server = builder.build();
            server.start();
            return new EmbeddedRedis(server, port);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start Redis on port " + port, ex);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
