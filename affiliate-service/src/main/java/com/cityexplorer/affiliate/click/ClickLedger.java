package com.cityexplorer.affiliate.click;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.cityexplorer.affiliate.AffiliateSettings;
import com.cityexplorer.platform.events.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Stores every click exactly once (collection {@code clicks}, keyed by click id, so a redelivered click
 * is recognised) and decides whether it counts: the first click of a client on an offer in each click
 * window counts, later ones in the same window do not. The decision is a document per client, offer and
 * window ({@code click_buckets}) that the first click creates; a redelivered click finds the decision it
 * made before, so replays after a crash decide the same way. Windows are fixed intervals (two clicks a
 * second apart across a window's end both count): the price of deciding without reading a history.
 */
@Component
class ClickLedger {

    private static final Logger log = LoggerFactory.getLogger(ClickLedger.class);

    private final MongoTemplate mongo;
    private final JsonMapper json;
    private final long windowMillis;
    private final Counter counted;
    private final Counter repeated;

    ClickLedger(MongoTemplate mongo, JsonMapper json, AffiliateSettings settings, MeterRegistry meters) {
        this.mongo = mongo;
        this.json = EventEnvelope.tolerantReader(json);
        this.windowMillis = settings.clickWindow().toMillis();
        this.counted = Counter.builder("ce.affiliate.clicks.stored").tag("counted", "true").register(meters);
        this.repeated = Counter.builder("ce.affiliate.clicks.stored").tag("counted", "false").register(meters);
    }

    @KafkaListener(topics = ClickRecorded.TOPIC, groupId = "${spring.application.name}-clicks", containerFactory = "clickLedgerListeners")
    void store(List<ConsumerRecord<String, String>> records) {
        List<ClickRecorded> clicks = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            ClickRecorded click = read(record);
            if (click != null) {
                clicks.add(click);
            }
        }
        if (clicks.isEmpty()) {
            return;
        }
        // The first click of each bucket in this batch claims the bucket, unless an earlier batch did.
        Map<String, ClickRecorded> claims = new LinkedHashMap<>();
        clicks.forEach(click -> claims.putIfAbsent(bucket(click), click));
        insertAll("click_buckets", claims.entrySet().stream()
            .map(claim -> new Document("_id", claim.getKey()).append("clickId", claim.getValue().clickId())
                .append("at", Date.from(claim.getValue().at())))
            .toList());
        Map<String, String> winners = new HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(claims.keySet())), Document.class, "click_buckets")
            .forEach(bucket -> winners.put(bucket.getString("_id"), bucket.getString("clickId")));
        List<Document> stored = new ArrayList<>();
        long countedNow = 0;
        for (ClickRecorded click : clicks) {
            boolean counts = click.clickId().equals(winners.get(bucket(click)));
            countedNow += counts ? 1 : 0;
            stored.add(new Document("_id", click.clickId()).append("offerId", click.offerId()).append("partnerId", click.partnerId())
                .append("placeId", click.placeId()).append("at", Date.from(click.at()))
                .append("day", click.at().atZone(ZoneOffset.UTC).toLocalDate().toString()).append("counted", counts));
        }
        insertAll("clicks", stored);
        counted.increment(countedNow);
        repeated.increment(clicks.size() - countedNow);
    }

    private String bucket(ClickRecorded click) {
        return click.offerId() + "|" + click.client() + "|" + Math.floorDiv(click.at().toEpochMilli(), windowMillis);
    }

    /** Inserts what is not there yet: documents already stored (a redelivery) are left as they are. */
    private void insertAll(String collection, List<Document> documents) {
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection).insert(documents).execute();
        }
        catch (BulkOperationException ex) {
            if (ex.getErrors().stream().anyMatch(error -> error.getCode() != 11000)) {
                throw ex;
            }
        }
        catch (DuplicateKeyException ex) {
            // all of them were there already
        }
    }

    private ClickRecorded read(ConsumerRecord<String, String> record) {
        try {
            EventEnvelope event = json.readValue(record.value(), EventEnvelope.class);
            ClickRecorded click = json.treeToValue(event.data(), ClickRecorded.class);
            if (click.clickId() == null || click.offerId() == null || click.partnerId() == null || click.at() == null || click.client() == null) {
                throw new IllegalArgumentException("incomplete click");
            }
            return click;
        }
        catch (JacksonException | IllegalArgumentException ex) {
            log.warn("Skipping an unreadable click at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), ex.toString());
            return null;
        }
    }
}
