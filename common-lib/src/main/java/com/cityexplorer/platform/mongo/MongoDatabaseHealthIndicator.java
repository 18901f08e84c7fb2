package com.cityexplorer.platform.mongo;

import com.mongodb.client.MongoClient;
import org.bson.Document;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Checks the service's own database with a {@code ping}. Spring Boot's indicator sends {@code hello}
 * to every database on the server instead, which reaches into other services' databases (and fails
 * where credentials are per service, and on the embedded MongoDB-wire server once they exist).
 */
class MongoDatabaseHealthIndicator extends AbstractHealthIndicator {

    private final MongoClient client;
    private final String database;
    private final ReplicaLag replicaLag;

    MongoDatabaseHealthIndicator(MongoClient client, String database, ReplicaLag replicaLag) {
        super("MongoDB health check failed");
        this.client = client;
        this.database = database;
        this.replicaLag = replicaLag;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document result = client.getDatabase(database).runCommand(new Document("ping", 1));
        Object ok = result.get("ok");
        if (ok instanceof Number number && number.doubleValue() == 1.0) {
            // Lag is reported, not judged: a lagging secondary only makes stale-tolerant reads staler.
            builder.up().withDetail("database", database).withDetail("topology", replicaLag.topology())
                .withDetail("replicaLagSeconds", replicaLag.lagSeconds());
        }
        else {
            builder.down().withDetail("database", database);
        }
    }
}
