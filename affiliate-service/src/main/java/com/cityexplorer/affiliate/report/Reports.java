package com.cityexplorer.affiliate.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.cityexplorer.affiliate.offer.Offer;
import com.cityexplorer.affiliate.offer.Offers;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * Builds reports from the stored clicks and conversions (the ledger, not counters kept beside it, so a
 * report always agrees with what was recorded). On MongoDB both queries use the indexes made here; the
 * embedded server scans, which is why long ranges run as background jobs.
 */
@Service
class Reports {

    private final MongoTemplate mongo;
    private final Offers offers;

    Reports(MongoTemplate mongo, Offers offers) {
        this.mongo = mongo;
        this.offers = offers;
        for (String collection : List.of("clicks", "conversions")) {
            mongo.indexOps(collection).createIndex(new Index().on("partnerId", org.springframework.data.domain.Sort.Direction.ASC)
                .on("day", org.springframework.data.domain.Sort.Direction.ASC).named("partner_day"));
        }
    }

    Report build(String partnerId, LocalDate from, LocalDate to) {
        Criteria range = Criteria.where("day").gte(from.toString()).lte(to.toString());
        if (partnerId != null) {
            range = Criteria.where("partnerId").is(partnerId).andOperator(range);
        }
        Map<String, Long> clicks = new HashMap<>();
        mongo.aggregate(Aggregation.newAggregation(Aggregation.match(new Criteria().andOperator(range, Criteria.where("counted").is(true))),
                Aggregation.group("offerId").count().as("clicks")), "clicks", Document.class)
            .forEach(row -> clicks.put(row.getString("_id"), ((Number) row.get("clicks")).longValue()));
        Map<String, long[]> conversionCounts = new HashMap<>();
        Map<String, BigDecimal[]> money = new HashMap<>();
        Query conversions = Query.query(range);
        conversions.fields().include("offerId").include("amount").include("commission");
        for (Document conversion : mongo.find(conversions, Document.class, "conversions")) {
            String offerId = conversion.getString("offerId");
            conversionCounts.computeIfAbsent(offerId, key -> new long[1])[0]++;
            BigDecimal[] sums = money.computeIfAbsent(offerId, key -> new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO });
            sums[0] = sums[0].add(new BigDecimal(conversion.getString("amount")));
            sums[1] = sums[1].add(new BigDecimal(conversion.getString("commission")));
        }
        TreeSet<String> offerIds = new TreeSet<>(clicks.keySet());
        offerIds.addAll(conversionCounts.keySet());
        Map<String, Offer> known = new HashMap<>();
        offers.all(offerIds).forEach(offer -> known.put(offer.id(), offer));

        List<Report.OfferLine> lines = new ArrayList<>();
        Map<String, BigDecimal> revenue = new TreeMap<>();
        Map<String, BigDecimal> commission = new TreeMap<>();
        long totalClicks = 0;
        long totalConversions = 0;
        for (String offerId : offerIds) {
            Offer offer = known.get(offerId);
            String currency = offer == null ? null : offer.currency();
            BigDecimal[] sums = money.getOrDefault(offerId, new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO });
            long offerClicks = clicks.getOrDefault(offerId, 0L);
            long offerConversions = conversionCounts.containsKey(offerId) ? conversionCounts.get(offerId)[0] : 0;
            lines.add(new Report.OfferLine(offerId, offer == null ? null : offer.title(), currency, offerClicks, offerConversions, sums[0], sums[1]));
            totalClicks += offerClicks;
            totalConversions += offerConversions;
            if (currency != null && offerConversions > 0) {
                revenue.merge(currency, sums[0], BigDecimal::add);
                commission.merge(currency, sums[1], BigDecimal::add);
            }
        }
        return new Report(partnerId, from, to, totalClicks, totalConversions, revenue, commission, lines);
    }
}
