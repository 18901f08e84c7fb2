package com.cityexplorer.platform.mongo;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.ReadPreference;

/**
 * Where a query reads, chosen per kind of query rather than per service: catalog reads that tolerate a
 * little staleness ({@link #staleTolerant()}) go to a secondary that is at most
 * {@code city-explorer.mongodb.max-staleness} behind (90 s, MongoDB's minimum, unless set), or to the
 * primary when no secondary qualifies; everything else, writes and reads that must see the caller's
 * own write, stays on the primary (the client's default). On a standalone server (the embedded one)
 * both mean the one server.
 * <pre>{@code
 * Query query = new Query(...).withReadPreference(readRouting.staleTolerant());
 * }</pre>
 */
public final class ReadRouting {

    private final ReadPreference staleTolerant;

    ReadRouting(Duration maxStaleness) {
        this.staleTolerant = ReadPreference.secondaryPreferred(Math.max(90, maxStaleness.toSeconds()), TimeUnit.SECONDS);
    }

    public ReadPreference staleTolerant() {
        return staleTolerant;
    }

    public ReadPreference primary() {
        return ReadPreference.primary();
    }
}
