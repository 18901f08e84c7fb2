package com.cityexplorer.platform.mongo;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations.BulkMode;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.util.MongoDbErrorCodes;

/**
 * Inserts a service's seed documents (the catalogs it imports on first start), keeping documents that
 * are there already, so that a busy database delays the start instead of failing it. A catalog of
 * tens of thousands of documents goes in small batches, each well within the socket read timeout;
 * a batch that fails because MongoDB is unreachable or did not answer in time is sent again with a
 * growing back-off. Seed documents carry their natural ids, so a batch the server finished after the
 * client gave up is found there on the next attempt: what is already there is skipped, not duplicated.
 * Written here because Spring Data's bulk operations neither split nor retry.
 */
public class SeedInserts {

    private static final Logger log = LoggerFactory.getLogger(SeedInserts.class);

    private final MongoTemplate mongo;
    private final int batchSize;
    private final Duration retryTimeout;
    private final RetryTemplate retry;

    SeedInserts(MongoTemplate mongo, SeedSettings settings) {
        this(mongo, settings, Duration.ofMillis(250), new RetryListener() {
            @Override
            public void onRetryFailure(RetryPolicy policy, Retryable<?> retryable, Throwable failure) {
                log.warn("MongoDB did not take a batch of seed documents ({}); sending it again", failure.toString());
            }
        });
    }

    SeedInserts(MongoTemplate mongo, SeedSettings settings, Duration firstDelay, RetryListener retryListener) {
        this.mongo = mongo;
        this.batchSize = settings.batchSize();
        this.retryTimeout = settings.retryTimeout();
        this.retry = new RetryTemplate(RetryPolicy.builder()
            .maxRetries(Long.MAX_VALUE)
            .timeout(settings.retryTimeout())
            .delay(firstDelay)
            .multiplier(2)
            .maxDelay(Duration.ofSeconds(5))
            .predicate(SeedInserts::isMongoUnavailable)
            .build());
        this.retry.setRetryListener(retryListener);
    }

    /**
     * Inserts those of {@code documents} whose ids are not in {@code type}'s collection yet; returns how
     * many it inserted. Documents already there stay as they are.
     */
    public <T> int insertMissing(Class<T> type, List<? extends T> documents) {
        int inserted = 0;
        for (int from = 0; from < documents.size(); from += batchSize) {
            inserted += insertMissingOnce(type, documents.subList(from, Math.min(documents.size(), from + batchSize)));
        }
        return inserted;
    }

    private int insertMissingOnce(Class<?> type, List<?> batch) {
        try {
            return retry.execute(() -> {
                try {
                    return mongo.bulkOps(BulkMode.UNORDERED, type).insert(batch).execute().getInsertedCount();
                }
                catch (BulkOperationException ex) {
                    if (ex.getErrors().stream().allMatch(error -> MongoDbErrorCodes.isDuplicateKeyCode(error.getCode()))) {
                        // Unordered: each document is either inserted or has its error (not every server's count says so).
                        return batch.size() - ex.getErrors().size();
                    }
                    throw ex;
                }
            });
        }
        catch (RetryException ex) {
            if (ex.getLastException() instanceof RuntimeException failure && !isMongoUnavailable(failure)) {
                throw failure;
            }
            throw new IllegalStateException("MongoDB did not take a batch of " + batch.size() + " seed documents for "
                    + type.getSimpleName() + " (" + (ex.getRetryCount() + 1) + " attempts, at most " + retryTimeout + ")",
                    ex.getLastException());
        }
    }

    /** No connection, no server selected in time, or no answer within the socket read timeout. */
    private static boolean isMongoUnavailable(Throwable failure) {
        return failure instanceof DataAccessResourceFailureException || failure instanceof TransientDataAccessException;
    }
}
