package com.cityexplorer.review.review;

import java.time.Clock;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

import com.cityexplorer.platform.events.outbox.Outbox;
import com.cityexplorer.platform.security.Caller;
import com.cityexplorer.platform.web.Page;
import com.cityexplorer.review.place.KnownPlaces;
import com.cityexplorer.review.user.KnownAuthors;

/** Reviews: written by their authors, each change saved with its event in one write. */
@Service
class Reviews implements KnownPlaces.PlaceRemoval, KnownAuthors.AuthorRemoval {

    /** How an anonymised review is signed. */
    static final String FORMER_MEMBER = "Former member";

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;
    private final org.springframework.beans.factory.ObjectProvider<KnownPlaces> places;
    private final org.springframework.beans.factory.ObjectProvider<KnownAuthors> authors;

    // The read models call back into this class on deletions, hence providers rather than a constructor cycle.
    Reviews(MongoTemplate mongo, Outbox outbox, Clock clock, org.springframework.beans.factory.ObjectProvider<KnownPlaces> places,
            org.springframework.beans.factory.ObjectProvider<KnownAuthors> authors) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
        this.places = places;
        this.authors = authors;
    }

    Review post(Caller caller, String placeId, ReviewInput input) {
        if (!places.getObject().exists(placeId)) {
            throw problem(HttpStatus.NOT_FOUND, "No such place.");
        }
        var now = now();
        Review review = new Review(UUID.randomUUID().toString(), placeId, caller.userId(), authors.getObject().displayName(caller.userId()),
                Review.authorPlace(caller.userId(), placeId), input.rating(), input.text().strip(), 1, now, now);
        try {
            return outbox.save(review, new ReviewEvents.ReviewPosted(review.id(), placeId, review.rating(), review.revision()));
        }
        catch (DuplicateKeyException ex) {
            throw problem(HttpStatus.CONFLICT, "You have already reviewed this place; edit that review instead.");
        }
    }

    Page<ReviewView> ofPlace(String placeId, ReviewSort sort, int page, int size) {
        // By place: an index on MongoDB; the embedded server scans (it keeps no secondary indexes).
        Query query = Query.query(Criteria.where("placeId").is(placeId)).addCriteria(Outbox.live());
        long total = mongo.count(query, Review.class);
        query.with(sort == ReviewSort.RATING ? Sort.by(Sort.Order.desc("rating"), Sort.Order.desc("createdAt"), Sort.Order.asc("_id"))
                : Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("_id"))).skip((long) page * size).limit(size);
        return new Page<>(mongo.find(query, Review.class).stream().map(Review::view).toList(), page, size, total);
    }

    Review edit(Caller caller, String id, ReviewInput input) {
        Review existing = outbox.findLive(id, Review.class).orElseThrow(Reviews::notFound);
        if (!caller.userId().equals(existing.userId())) {
            throw problem(HttpStatus.FORBIDDEN, "Only its author may edit a review.");
        }
        Review edited = new Review(id, existing.placeId(), existing.userId(), existing.authorName(), existing.authorPlace(),
                input.rating(), input.text().strip(), existing.revision() + 1, existing.createdAt(), now());
        // Over the revision read, so two edits at once cannot both win.
        if (!outbox.updateWhere(Query.query(Criteria.where("_id").is(id)).addCriteria(Criteria.where("revision").is(existing.revision())),
                new Update().set("rating", edited.rating()).set("text", edited.text()).set("revision", edited.revision())
                    .set("updatedAt", edited.updatedAt()),
                Review.class, new ReviewEvents.ReviewEdited(id, edited.placeId(), edited.rating(), edited.revision()))) {
            throw problem(HttpStatus.CONFLICT, "The review changed meanwhile; read it again.");
        }
        return edited;
    }

    void delete(Caller caller, String id) {
        Review existing = outbox.findLive(id, Review.class).orElseThrow(Reviews::notFound);
        if (!caller.userId().equals(existing.userId()) && !caller.isAdmin()) {
            throw problem(HttpStatus.FORBIDDEN, "Only its author or an administrator may delete a review.");
        }
        remove(existing);
    }

    @Override
    public void removeReviewsOf(String placeId) {
        mongo.find(Query.query(Criteria.where("placeId").is(placeId)).addCriteria(Outbox.live()), Review.class).forEach(this::remove);
    }

    @Override
    public void anonymiseReviewsBy(String userId) {
        mongo.updateMulti(Query.query(Criteria.where("userId").is(userId)),
                new Update().unset("userId").unset("authorPlace").set("authorName", FORMER_MEMBER), Review.class);
    }

    private void remove(Review review) {
        // The unique author-and-place goes with it: the author may review the place again.
        outbox.delete(Review.class, review.id(), new Update().unset("authorPlace"),
                new ReviewEvents.ReviewDeleted(review.id(), review.placeId(), review.revision() + 1));
    }

    /** To the millisecond, as MongoDB stores it: what a write answers is what later reads show. */
    private java.time.Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    static ErrorResponseException notFound() {
        return problem(HttpStatus.NOT_FOUND, "No such review.");
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        ErrorResponseException problem = new ErrorResponseException(status);
        problem.setDetail(detail);
        return problem;
    }
}
