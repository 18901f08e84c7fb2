package com.cityexplorer.platform.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param evictionListenerStartTimeout how long an instance starting up keeps trying to subscribe to the
 *     caches' eviction channels in Redis before it gives up and exits (so that it never serves without
 *     hearing other instances' evictions)
 */
@ConfigurationProperties("city-explorer.cache")
public record CacheSettings(@DefaultValue("60s") Duration evictionListenerStartTimeout) {
}
