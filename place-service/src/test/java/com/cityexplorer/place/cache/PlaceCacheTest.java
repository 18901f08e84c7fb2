package com.cityexplorer.place.cache;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.cityexplorer.test.ApiClient;
import com.cityexplorer.test.ConsumerGroups;
import com.cityexplorer.test.PlatformInfrastructure;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The in-process place cache serves repeated reads from memory and forgets a place as soon as another
 * instance changes it: at once through Redis, and through the place's Kafka event when the Redis
 * message is lost. "Another instance" is simulated by writing the database directly.
 */
@PlatformIntegrationTest
class PlaceCacheTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    MeterRegistry meters;

    @Autowired
    com.cityexplorer.platform.cache.EvictedEverywhereCaches caches;

    // Not the common pool: on two cores it has one thread, and the tests block one task while another runs.
    final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();

    @Test
    void servesRepeatedReadsFromMemory() throws Exception {
        double hitsBefore = hits();
        ApiClient api = new ApiClient(port);
        assertThat(api.get("/api/v1/places/paris-musee-du-louvre").statusCode()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/api/v1/places/paris-musee-du-louvre").statusCode()).isEqualTo(200);
        }
        assertThat(hits() - hitsBefore).isGreaterThanOrEqualTo(5);
    }

    @Test
    void forgetsAPlaceAtOnceWhenAnotherInstanceAnnouncesItsChangeThroughRedis() throws Exception {
        String id = "paris-sainte-chapelle";
        ApiClient api = new ApiClient(port);
        String before = JsonPath.read(api.get("/api/v1/places/" + id).body(), "$.description");

        String changed = "Changed by another instance " + UUID.randomUUID();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("description", changed), "places");
        assertThat(JsonPath.<String>read(api.get("/api/v1/places/" + id).body(), "$.description"))
            .as("still cached: nothing announced the change yet").isEqualTo(before);

        // What the changing instance does: delete the shared entry, then tell every instance.
        redis.delete("ce:cache:places:" + id);
        redis.convertAndSend("ce:cache-invalidations:places", id);
        await().atMost(Duration.ofSeconds(1)).untilAsserted(() ->
            assertThat(JsonPath.<String>read(api.get("/api/v1/places/" + id).body(), "$.description")).isEqualTo(changed));
    }

    @Test
    void forgetsAPlaceThroughItsEventWhenTheRedisMessageIsLost() throws Exception {
        String id = "paris-moulin-rouge";
        ApiClient api = new ApiClient(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> ConsumerGroups.assigned("place-service-cache-places-"));

        String before = JsonPath.read(api.get("/api/v1/places/" + id).body(), "$.description");
        String changed = "Changed elsewhere " + UUID.randomUUID();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("description", changed), "places");
        assertThat(JsonPath.<String>read(api.get("/api/v1/places/" + id).body(), "$.description")).isEqualTo(before);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("ce.place.events", id, "{\"id\":\"" + UUID.randomUUID()
                    + "\",\"type\":\"PlaceUpdated\",\"version\":1,\"source\":\"place-service\",\"aggregateId\":\"" + id
                    + "\",\"timestamp\":\"2026-11-28T00:00:00Z\",\"data\":{}}")).get();
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
            assertThat(JsonPath.<String>read(api.get("/api/v1/places/" + id).body(), "$.description")).isEqualTo(changed));
    }

    @Test
    void anInstanceWithoutThePlaceInMemoryTakesItFromRedisNotTheDatabase() throws Exception {
        String id = "paris-palais-de-tokyo";
        ApiClient api = new ApiClient(port);
        String before = JsonPath.read(api.get("/api/v1/places/" + id).body(), "$.description");
        assertThat(redis.opsForValue().get("ce:cache:places:" + id)).as("shared in Redis").contains(before);

        // The database changes behind the caches' back; this instance's memory is dropped (as after a restart).
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("description", "Not announced"), "places");
        redis.convertAndSend("ce:cache-invalidations:places", id);
        double sharedHitsBefore = sharedHits();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String description = JsonPath.read(api.get("/api/v1/places/" + id).body(), "$.description");
            assertThat(sharedHits()).as("evicted from memory, then read from Redis").isGreaterThan(sharedHitsBefore);
            assertThat(description).as("from Redis, not from the database").isEqualTo(before);
        });
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("description", before), "places");
    }

    @Test
    void aValueReadJustBeforeAChangeIsNotKeptAfterIt() throws Exception {
        String name = "race-" + UUID.randomUUID();
        var cache = caches.createShared(name, "ce.place.events", 100, Duration.ofMinutes(10), String.class);
        String key = "a-place";
        var loading = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> cache.get(key, k -> {
            loading.countDown();
            await().until(() -> release.getCount() == 0);
            return java.util.Optional.of("old"); // read from the database before the change
        }), threads);
        loading.await();
        var writer = java.util.concurrent.CompletableFuture.runAsync(() -> cache.changed(key), threads); // the change is saved, then evicted
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.opsForValue().get("ce:cache:" + name + ":" + key) == null);
        release.countDown();
        assertThat(reader.get()).contains("old");
        writer.get();

        assertThat(cache.get(key, k -> java.util.Optional.of("new"))).as("neither memory nor Redis kept the old value").contains("new");
    }

    @Test
    void aBulkReadJustBeforeAChangeDoesNotPutTheOldValueBack() throws Exception {
        var cache = caches.createShared("race-" + UUID.randomUUID(), "ce.place.events", 100, Duration.ofMinutes(10), String.class);
        var loading = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> cache.getAll(java.util.List.of("a", "b"), keys -> {
            loading.countDown();
            await().until(() -> release.getCount() == 0);
            return Map.of("a", "old a", "b", "old b");
        }), threads);
        loading.await();
        cache.changed("a");
        release.countDown();
        assertThat(reader.get()).containsEntry("a", "old a");

        assertThat(cache.getAll(java.util.List.of("a", "b"), keys -> Map.of("a", "new a", "b", "new b")))
            .as("the changed key is read again; the other one was kept").containsEntry("a", "new a").containsEntry("b", "old b");
    }

    private double sharedHits() {
        var counter = meters.find("cache.shared.gets").tag("cache", "places").tag("result", "hit").counter();
        return counter == null ? 0 : counter.count();
    }

    private double hits() {
        var counter = meters.find("cache.gets").tag("cache", "places").tag("result", "hit").functionCounter();
        return counter == null ? 0 : counter.count();
    }
}
