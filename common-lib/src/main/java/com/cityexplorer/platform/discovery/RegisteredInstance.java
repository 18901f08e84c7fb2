package com.cityexplorer.platform.discovery;

import java.net.URI;

/**
 * One running instance of a service as the instance registry holds it: a member of the Redis sorted
 * set {@code ce:instances:<serviceId>}, scored with the time its registration expires. The member is
 * the same string for every heartbeat of an instance, so a heartbeat only moves its expiry.
 *
 * @param serviceId the service ({@code place-service})
 * @param instanceId unique for the life of one process
 * @param uri where the instance answers ({@code http://10.0.0.7:8083})
 * @param weight its relative capacity, for weighted balancing (1 when all are alike)
 */
public record RegisteredInstance(String serviceId, String instanceId, URI uri, int weight) {

    private static final String KEY_PREFIX = "ce:instances:";

    public RegisteredInstance {
        if (weight < 1) {
            throw new IllegalArgumentException("An instance's weight is at least 1, not " + weight);
        }
    }

    /** The sorted set holding a service's instances. */
    public static String key(String serviceId) {
        return KEY_PREFIX + serviceId;
    }

    /** The sorted-set member: {@code instanceId weight uri}, space separated (none of them contains one). */
    public String member() {
        return instanceId + " " + weight + " " + uri;
    }

    /** Reads a member written by {@link #member()}; {@code null} for anything else. */
    public static RegisteredInstance parse(String serviceId, String member) {
        String[] parts = member.split(" ", 3);
        if (parts.length != 3) {
            return null;
        }
        try {
            return new RegisteredInstance(serviceId, parts[0], URI.create(parts[2]), Integer.parseInt(parts[1]));
        }
        catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
