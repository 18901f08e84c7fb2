package com.cityexplorer.city.city;

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

/**
 * Finds cities by name prefix (on the folded names, so case and accents do not matter), country and
 * sort. Each combination is served by one of {@link City}'s indexes: the prefix is an anchored regular
 * expression over {@code searchNames}, which MongoDB answers from the index.
 */
@Component
class CitySearch {

    private final MongoTemplate mongo;
    private final ReadRouting reads;

    CitySearch(MongoTemplate mongo, ReadRouting reads) {
        this.mongo = mongo;
        this.reads = reads;
    }

    Page<CityView> search(String q, String countryCode, CitySort sort, int page, int size) {
        // Search results may be a little stale: they can come from a secondary.
        Query query = new Query(Outbox.live()).withReadPreference(reads.staleTolerant());
        String prefix = q == null ? "" : SearchText.fold(q);
        if (prefix.isEmpty() && q != null && !q.isBlank()) {
            return Page.empty(page, size); // only punctuation: no name can start with it
        }
        if (!prefix.isEmpty()) {
            // The folded prefix has letters, digits and single spaces only: nothing a regex would interpret.
            query.addCriteria(Criteria.where("searchNames").regex("^" + prefix));
        }
        if (countryCode != null) {
            query.addCriteria(Criteria.where("countryCode").is(countryCode));
        }
        long total = mongo.count(query, City.class);
        query.with(sort == CitySort.NAME ? Sort.by("sortName", "_id") : Sort.by(Sort.Order.desc("population"), Sort.Order.asc("_id")))
            .skip((long) page * size)
            .limit(size);
        List<CityView> items = mongo.find(query, City.class).stream().map(City::view).toList();
        return new Page<>(items, page, size, total);
    }

}
