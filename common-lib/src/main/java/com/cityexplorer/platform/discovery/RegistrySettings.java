package com.cityexplorer.platform.discovery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code city-explorer.discovery.registry.*}: whether this instance announces itself in the Redis
 * instance registry the gateway reads, and how.
 *
 * @param enabled announce this instance (the local launcher and docker-compose turn it on; Kubernetes
 *        discovers pods through its own API instead)
 * @param host the address others reach this instance at; by default this machine's address
 * @param heartbeat how often the registration is renewed
 * @param ttl how long a registration outlives its last heartbeat: the longest a crashed instance stays
 *        listed (the gateway's outlier ejection stops sending to it much sooner)
 * @param drain how long a stopping instance keeps serving after it left the registry, so that every
 *        gateway has seen it leave before it stops accepting requests
 * @param weight this instance's relative capacity for weighted balancing
 */
@ConfigurationProperties("city-explorer.discovery.registry")
public record RegistrySettings(
        @DefaultValue("false") boolean enabled,
        String host,
        @DefaultValue("2s") Duration heartbeat,
        @DefaultValue("6s") Duration ttl,
        @DefaultValue("3s") Duration drain,
        @DefaultValue("1") int weight) {
}
