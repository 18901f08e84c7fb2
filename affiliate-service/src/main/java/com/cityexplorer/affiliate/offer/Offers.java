package com.cityexplorer.affiliate.offer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.cityexplorer.affiliate.partner.Partner;
import com.cityexplorer.affiliate.partner.Partners;
import com.cityexplorer.affiliate.place.KnownPlaces;
import com.cityexplorer.platform.cache.EvictedEverywhereCache;
import com.cityexplorer.platform.cache.EvictedEverywhereCaches;
import com.cityexplorer.platform.events.outbox.Outbox;
import com.cityexplorer.platform.web.Page;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Offers: created, changed and retired by the partner that owns them (to anyone else an offer does not
 * exist: 404), listed per place, and read through an in-memory cache on the click path (evicted on every
 * instance when an offer changes).
 */
@Service
public class Offers implements KnownPlaces.PlaceRemoval {

    private final Outbox outbox;
    private final Partners partners;
    private final ObjectProvider<KnownPlaces> places;
    private final PlaceOffers placeOffers;
    private final EvictedEverywhereCache<Offer> cache;
    private final Clock clock;

    // KnownPlaces calls back into this class when a place is deleted, hence a provider rather than a cycle.
    Offers(Outbox outbox, Partners partners, ObjectProvider<KnownPlaces> places, PlaceOffers placeOffers, EvictedEverywhereCaches caches,
            Clock clock) {
        this.outbox = outbox;
        this.partners = partners;
        this.places = places;
        this.placeOffers = placeOffers;
        this.cache = caches.create("offers", "ce.affiliate.events", 50_000, Duration.ofMinutes(10));
        this.clock = clock;
    }

    Offer create(String userId, OfferInput input) {
        Partner partner = partners.ofCaller(userId);
        check(input);
        Instant now = now();
        Offer offer = new Offer(UUID.randomUUID().toString(), partner.id(), input.placeId(), input.title().strip(),
                input.price().toPlainString(), input.currency(), input.url().strip(), input.commissionRate().toPlainString(), true, 1, now, now);
        placeOffers.add(offer.placeId(), offer.id());
        outbox.insert(offer, new OfferEvents.OfferCreated(offer.id(), offer.partnerId(), offer.placeId(), offer.title(), input.price(),
                offer.currency(), input.commissionRate(), offer.version()));
        return offer;
    }

    Offer update(String userId, String id, OfferInput input) {
        Offer existing = owned(userId, id);
        if (!existing.active()) {
            throw Partners.problem(HttpStatus.CONFLICT, "A retired offer cannot be changed; create a new one.");
        }
        check(input);
        Offer changed = new Offer(id, existing.partnerId(), input.placeId(), input.title().strip(), input.price().toPlainString(),
                input.currency(), input.url().strip(), input.commissionRate().toPlainString(), true, existing.version() + 1,
                existing.createdAt(), now());
        placeOffers.add(changed.placeId(), id);
        // Over the version read, so two changes at once cannot both win.
        if (!outbox.updateWhere(Query.query(Criteria.where("_id").is(id)).addCriteria(Criteria.where("version").is(existing.version())),
                new Update().set("placeId", changed.placeId()).set("title", changed.title()).set("price", changed.price())
                    .set("currency", changed.currency()).set("url", changed.url()).set("commissionRate", changed.commissionRate())
                    .set("version", changed.version()).set("updatedAt", changed.updatedAt()),
                Offer.class, new OfferEvents.OfferUpdated(id, changed.partnerId(), changed.placeId(), changed.title(), input.price(),
                        changed.currency(), input.commissionRate(), changed.version()))) {
            throw Partners.problem(HttpStatus.CONFLICT, "The offer changed meanwhile; read it again.");
        }
        if (!existing.placeId().equals(changed.placeId())) {
            placeOffers.remove(existing.placeId(), id);
        }
        cache.changed(id);
        return changed;
    }

    /** Retires the caller's offer; retiring a retired offer again changes nothing. */
    void retire(String userId, String id) {
        Offer existing = owned(userId, id);
        if (existing.active()) {
            retire(existing, "retired by the partner");
        }
    }

    Offer owned(String userId, String id) {
        Partner partner = partners.ofCaller(userId);
        return outbox.findLive(id, Offer.class).filter(offer -> offer.partnerId().equals(partner.id()))
            .orElseThrow(() -> Partners.problem(HttpStatus.NOT_FOUND, "No such offer."));
    }

    Page<OfferView> activeOfPlace(String placeId, int page, int size) {
        List<OfferView> active = outbox.findAllLive(placeOffers.of(placeId), Offer.class).stream()
            .filter(offer -> offer.active() && offer.placeId().equals(placeId))
            .sorted(Comparator.comparing(Offer::createdAt).thenComparing(Offer::id))
            .map(Offer::view)
            .toList();
        int from = (int) Math.min((long) page * size, active.size());
        return new Page<>(active.subList(from, Math.min(from + size, active.size())), page, size, active.size());
    }

    /** An offer by id, from memory when it is there (the click path): absent when unknown. */
    public Optional<Offer> cached(String id) {
        return cache.get(id, key -> outbox.findLive(key, Offer.class));
    }

    /** Offers by id, read together (for reports), retired ones included. */
    public List<Offer> all(java.util.Collection<String> ids) {
        return outbox.findAllLive(ids, Offer.class);
    }

    @Override
    public void retireOffersOf(String placeId) {
        outbox.findAllLive(placeOffers.of(placeId), Offer.class).stream()
            .filter(offer -> offer.active() && offer.placeId().equals(placeId))
            .forEach(offer -> retire(offer, "the place was deleted"));
    }

    private void retire(Offer offer, String reason) {
        long version = offer.version() + 1;
        if (outbox.updateWhere(Query.query(Criteria.where("_id").is(offer.id())).addCriteria(Criteria.where("version").is(offer.version())),
                new Update().set("active", false).set("version", version).set("updatedAt", now()),
                Offer.class, new OfferEvents.OfferRetired(offer.id(), offer.partnerId(), offer.placeId(), reason, version))) {
            placeOffers.remove(offer.placeId(), offer.id());
            cache.changed(offer.id());
        }
    }

    private void check(OfferInput input) {
        OfferRules.check(input);
        if (!places.getObject().exists(input.placeId())) {
            throw Partners.problem(HttpStatus.UNPROCESSABLE_ENTITY, "No such place.");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
