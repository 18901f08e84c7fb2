package com.cityexplorer.platform.mongo;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.cityexplorer.infra.EmbeddedMongo;
import com.cityexplorer.infra.FreePorts;
import com.cityexplorer.test.PlatformInfrastructure;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoExceptionTranslator;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Seed imports against a real MongoDB-wire server: small batches, existing documents kept, a database that is late waited for. */
class SeedInsertsTest {

    final AtomicInteger insertCommands = new AtomicInteger();
    final AtomicInteger failedAttempts = new AtomicInteger();
    MongoClient client;
    EmbeddedMongo lateServer;

    @Document("seeds")
    record Seed(@Id String id, String name) {
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (lateServer != null) {
            lateServer.close();
        }
    }

    @Test
    void insertsWhatIsMissingInBatchesOfTheConfiguredSizeAndLeavesWhatIsThereAsItIs() {
        MongoTemplate mongo = templateFor(PlatformInfrastructure.shared().mongoUri(), Duration.ofSeconds(5));
        mongo.insert(new Seed("seed-3", "renamed by an administrator"));
        insertCommands.set(0);
        List<Seed> seeds = IntStream.range(0, 1000).mapToObj(i -> new Seed("seed-" + i, "Seed " + i)).toList();

        int inserted = new SeedInserts(mongo, new SeedSettings(64, Duration.ofSeconds(30))).insertMissing(Seed.class, seeds);

        assertThat(mongo.findById("seed-3", Seed.class).name()).isEqualTo("renamed by an administrator");
        assertThat(mongo.count(new Query(), Seed.class)).isEqualTo(1000);
        assertThat(insertCommands).hasValue(16); // 15 batches of 64 and one of 40
        assertThat(inserted).isEqualTo(999);
        assertThat(mongo.findById("seed-999", Seed.class).name()).isEqualTo("Seed 999");

        assertThat(new SeedInserts(mongo, new SeedSettings(64, Duration.ofSeconds(30))).insertMissing(Seed.class, seeds))
            .as("a second import finds everything there").isZero();
    }

    @Test
    void sendsABatchAgainWhileMongoDbIsNotThereYet() {
        int port = FreePorts.find();
        MongoTemplate mongo = templateFor("mongodb://127.0.0.1:" + port, Duration.ofMillis(300));
        RetryListener startsTheServerAfterTwoFailures = new RetryListener() {
            @Override
            public void onRetryFailure(RetryPolicy policy, Retryable<?> retryable, Throwable failure) {
                if (failedAttempts.incrementAndGet() == 2) {
                    lateServer = EmbeddedMongo.start(null, port);
                }
            }
        };
        SeedInserts inserts = new SeedInserts(mongo, new SeedSettings(4, Duration.ofSeconds(60)), Duration.ofMillis(50),
                startsTheServerAfterTwoFailures);

        int inserted = inserts.insertMissing(Seed.class, IntStream.range(0, 10).mapToObj(i -> new Seed("late-" + i, "Late " + i)).toList());

        assertThat(inserted).isEqualTo(10);
        assertThat(failedAttempts).hasValueGreaterThanOrEqualTo(2);
        assertThat(mongo.count(new Query(), Seed.class)).isEqualTo(10);
    }

    @Test
    void givesUpAfterItsRetryTimeoutWithTheLastFailure() {
        MongoTemplate mongo = templateFor("mongodb://127.0.0.1:" + FreePorts.find(), Duration.ofMillis(200));
        SeedInserts inserts = new SeedInserts(mongo, new SeedSettings(4, Duration.ofSeconds(1)), Duration.ofMillis(50),
                new RetryListener() {
                    @Override
                    public void onRetryFailure(RetryPolicy policy, Retryable<?> retryable, Throwable failure) {
                        failedAttempts.incrementAndGet();
                    }
                });

        assertThatThrownBy(() -> inserts.insertMissing(Seed.class, List.of(new Seed("never", "Never"))))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("MongoDB did not take a batch of 1 seed documents for Seed")
            .cause().isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(failedAttempts).hasValueGreaterThan(1);
    }

    @Test
    void aReadTimeoutCountsAsMongoDbBeingUnavailable() {
        // What failed a catalog import on a busy machine: the batch outlasted the socket read timeout.
        var timeout = new MongoSocketReadTimeoutException("Timed out while receiving message", new ServerAddress(),
                new SocketTimeoutException("Read timed out"));

        assertThat(MongoExceptionTranslator.DEFAULT_EXCEPTION_TRANSLATOR.translateExceptionIfPossible(timeout))
            .isInstanceOf(DataAccessResourceFailureException.class);
    }

    private MongoTemplate templateFor(String uri, Duration serverSelectionTimeout) {
        CommandListener countingInserts = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("insert")) {
                    insertCommands.incrementAndGet();
                }
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(uri))
            .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(serverSelectionTimeout.toMillis(), TimeUnit.MILLISECONDS))
            .addCommandListener(countingInserts)
            .build());
        return new MongoTemplate(client, "seed-inserts-" + UUID.randomUUID().toString().substring(0, 8));
    }
}
