package com.cityexplorer.gateway.resilience;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code city-explorer.gateway.retries.budget.*}: how much retrying each route may add to its traffic
 * (see {@link RetryBudget}).
 */
@ConfigurationProperties("city-explorer.gateway.retries.budget")
record RetrySettings(@DefaultValue("0.2") double ratio, @DefaultValue("5") int minPerSecond) {
}
