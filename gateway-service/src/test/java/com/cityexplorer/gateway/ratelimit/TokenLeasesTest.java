package com.cityexplorer.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.cityexplorer.gateway.ratelimit.RateLimitTiers.ResolvedTier;

import static org.assertj.core.api.Assertions.assertThat;

class TokenLeasesTest {

    static final ResolvedTier BUSY = new ResolvedTier("PARTNER", new RateLimitSettings.Tier(200, 400));
    static final ResolvedTier SMALL = new ResolvedTier("anonymous", new RateLimitSettings.Tier(9, 40));

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final TokenLeases leases = new TokenLeases(new RateLimitSettings.Lease(Duration.ofSeconds(1), 16), clock::get);

    @Test
    void batchesAreATenthOfTheTiersRateAtMostAndOffForSmallTiers() {
        assertThat(leases.maxBatch(BUSY)).as("min(16, 200 / 10)").isEqualTo(16);
        assertThat(leases.maxBatch(new ResolvedTier("USER", new RateLimitSettings.Tier(50, 100)))).isEqualTo(5);
        assertThat(leases.maxBatch(SMALL)).isEqualTo(1);
    }

    @Test
    void aBusyCallersBatchesDoubleUpToTheMaximumAndEveryTokenIsSpentOnce() {
        List<Integer> batches = new ArrayList<>();
        int spentLocally = 0;
        long redisTokens = 400;
        for (int request = 0; request < 100; request++) {
            clock.addAndGet(1_000_000); // 1 ms apart
            if (leases.trySpend("{user:1}") >= 0) {
                spentLocally++;
                continue;
            }
            int batch = leases.nextBatch("{user:1}", BUSY);
            batches.add(batch);
            redisTokens -= batch;
            leases.granted("{user:1}", BUSY, batch, redisTokens);
        }
        assertThat(batches).startsWith(1, 2, 4, 8, 16, 16);
        assertThat(batches).allMatch(batch -> batch <= 16);
        int taken = batches.stream().mapToInt(Integer::intValue).sum();
        assertThat(spentLocally + batches.size()).isEqualTo(100);
        assertThat(taken - 100).as("tokens still leased, never more than one batch").isBetween(0, 15);
    }

    @Test
    void reportsTheCallersRemainingTokensAsRedisCountedThemPlusWhatIsLeftOfTheBatch() {
        leases.granted("{user:1}", BUSY, 1, 399);
        assertThat(leases.nextBatch("{user:1}", BUSY)).isEqualTo(2);
        leases.granted("{user:1}", BUSY, 2, 397);
        assertThat(leases.trySpend("{user:1}")).isEqualTo(397);
        assertThat(leases.trySpend("{user:1}")).as("used up").isEqualTo(-1);
    }

    @Test
    void unspentTokensExpireWithTheLeaseAndASlowCallerAsksForOneAtATime() {
        leases.granted("{user:1}", BUSY, 1, 399);
        leases.granted("{user:1}", BUSY, 8, 391);
        clock.addAndGet(Duration.ofMillis(1001).toNanos());
        assertThat(leases.trySpend("{user:1}")).as("expired").isEqualTo(-1);
        assertThat(leases.nextBatch("{user:1}", BUSY)).isEqualTo(1);
        leases.granted("{user:1}", BUSY, 1, 390);
        assertThat(leases.trySpend("{user:1}")).as("the expired tokens are not carried over").isEqualTo(-1);
    }

    @Test
    void aRefusalStartsOverAtOneToken() {
        leases.granted("{user:1}", BUSY, 1, 10);
        assertThat(leases.nextBatch("{user:1}", BUSY)).isEqualTo(2);
        leases.refused("{user:1}");
        assertThat(leases.nextBatch("{user:1}", BUSY)).isEqualTo(1);
    }

    @Test
    void smallTiersAndOtherCallersAreNeverLeased() {
        leases.granted("{client:10.0.0.1}", SMALL, 1, 39);
        assertThat(leases.nextBatch("{client:10.0.0.1}", SMALL)).isEqualTo(1);
        assertThat(leases.trySpend("{client:10.0.0.1}")).isEqualTo(-1);
        leases.granted("{user:1}", BUSY, 1, 399);
        leases.granted("{user:1}", BUSY, 2, 397);
        assertThat(leases.trySpend("{user:2}")).as("another caller's bucket").isEqualTo(-1);
    }
}
