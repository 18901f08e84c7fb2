package com.cityexplorer.affiliate.offer;

import java.util.List;

import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Which offers each place has (collection {@code place_offers}: one document per place, keyed by place
 * id, with {@code o.<offerId>: true}), so a place's offers are read by id rather than by a query on
 * {@code placeId}, which the embedded server would answer by scanning every offer. Written before an
 * offer is saved and after it is retired: a reader may see an id too many, never one too few, and the
 * offers themselves say whether they are active.
 */
@Component
class PlaceOffers {

    private static final String COLLECTION = "place_offers";

    private final MongoTemplate mongo;

    PlaceOffers(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void add(String placeId, String offerId) {
        mongo.upsert(Query.query(Criteria.where("_id").is(placeId)), new Update().set("o." + offerId, true), COLLECTION);
    }

    void remove(String placeId, String offerId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(placeId)), new Update().unset("o." + offerId), COLLECTION);
    }

    List<String> of(String placeId) {
        Document found = mongo.getCollection(COLLECTION).find(new Document("_id", placeId)).first();
        Document offers = found == null ? null : found.get("o", Document.class);
        return offers == null ? List.of() : List.copyOf(offers.keySet());
    }
}
