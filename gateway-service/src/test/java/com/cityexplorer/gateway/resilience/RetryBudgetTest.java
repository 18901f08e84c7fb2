package com.cityexplorer.gateway.resilience;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTest {

    final AtomicLong nanos = new AtomicLong();

    @Test
    void allowsRetriesInProportionToRequests() {
        RetryBudget budget = new RetryBudget(0.2, 0, nanos::get);

        int retried = 0;
        for (int request = 0; request < 1000; request++) {
            budget.deposit();
            if (budget.tryWithdraw()) {
                retried++;
            }
        }

        assertThat(retried).isBetween(195, 200);
    }

    @Test
    void aQuietRouteStillGetsTheMinimumPerSecondButNoMore() {
        RetryBudget budget = new RetryBudget(0.2, 5, nanos::get);

        assertThat(withdrawAll(budget)).isEqualTo(5);
        nanos.addAndGet(1_000_000_000L);
        assertThat(withdrawAll(budget)).isEqualTo(5);
        nanos.addAndGet(200_000_000L);
        assertThat(withdrawAll(budget)).isEqualTo(1);
    }

    @Test
    void savesUpOnlyABurstNotAnUnboundedBacklog() {
        RetryBudget budget = new RetryBudget(0.2, 5, nanos::get);

        nanos.addAndGet(3_600_000_000_000L);
        for (int request = 0; request < 100_000; request++) {
            budget.deposit();
        }

        assertThat(withdrawAll(budget)).isEqualTo(10 * 5 + 100 / 5);
    }

    private static int withdrawAll(RetryBudget budget) {
        int withdrawn = 0;
        while (budget.tryWithdraw()) {
            withdrawn++;
        }
        return withdrawn;
    }
}
