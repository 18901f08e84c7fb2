package com.cityexplorer.place.place;

import java.util.List;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import com.cityexplorer.platform.events.outbox.Outbox;
import com.cityexplorer.platform.mongo.ReadRouting;
import com.cityexplorer.platform.search.SearchText;
import com.cityexplorer.platform.web.Page;

/** Places by city, category, name prefix and sort; each combination is served by an index of {@link Place}. */
@Component
class PlaceSearch {

    private final MongoTemplate mongo;
    private final ReadRouting reads;

    PlaceSearch(MongoTemplate mongo, ReadRouting reads) {
        this.mongo = mongo;
        this.reads = reads;
    }

    Page<PlaceView> search(String cityId, Category category, String q, PlaceSort sort, int page, int size) {
        // Listings may be a little stale: they can come from a secondary.
        Query query = new Query(Outbox.live()).withReadPreference(reads.staleTolerant());
        if (cityId != null) {
            query.addCriteria(Criteria.where("cityId").is(cityId));
        }
        if (category != null) {
            query.addCriteria(Criteria.where("category").is(category));
        }
        if (q != null && !q.isBlank()) {
            String prefix = SearchText.fold(q);
            if (prefix.isEmpty()) {
                return Page.empty(page, size); // only punctuation: no name starts with it
            }
            // Letters, digits and single spaces only: nothing a regular expression would interpret.
            query.addCriteria(Criteria.where("searchName").regex("^" + prefix));
        }
        long total = mongo.count(query, Place.class);
        query.with(switch (sort) {
            case RATING -> Sort.by(Sort.Order.desc("rating.average"), Sort.Order.asc("_id"));
            case POPULARITY -> Sort.by(Sort.Order.desc("popularity"), Sort.Order.asc("_id"));
            case NAME -> Sort.by("searchName", "_id");
        }).skip((long) page * size).limit(size);
        return new Page<>(mongo.find(query, Place.class).stream().map(Place::view).toList(), page, size, total);
    }

}
