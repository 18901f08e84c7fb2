package com.cityexplorer.gateway.balancing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A consistent-hash ring: each instance key is placed at {@code virtualNodes} pseudo-random points, and
 * a request key belongs to the first point clockwise from its own hash. When an instance joins, it
 * takes over only the arcs just before its points (about 1/n of all keys, all of which move to it);
 * when one leaves, only its keys move. Virtual nodes even out the arc lengths: with one point per
 * instance the shares would differ several-fold.
 */
final class HashRing {

    static final int VIRTUAL_NODES = 160;

    private final List<String> keys;
    private final long[] points;
    private final String[] owners;

    HashRing(List<String> sortedInstanceKeys, int virtualNodes) {
        this.keys = List.copyOf(sortedInstanceKeys);
        int size = keys.size() * virtualNodes;
        long[][] placed = new long[size][];
        int n = 0;
        for (int owner = 0; owner < keys.size(); owner++) {
            for (int node = 0; node < virtualNodes; node++) {
                placed[n++] = new long[] { hash(keys.get(owner) + "#" + node), owner };
            }
        }
        Arrays.sort(placed, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        points = new long[size];
        owners = new String[size];
        for (int i = 0; i < size; i++) {
            points[i] = placed[i][0];
            owners[i] = keys.get((int) placed[i][1]);
        }
    }

    List<String> instanceKeys() {
        return keys;
    }

    /** The instance key owning {@code requestKey}; the ring must not be empty. */
    String owner(String requestKey) {
        int index = Arrays.binarySearch(points, hash(requestKey));
        if (index < 0) {
            index = -index - 1;
        }
        return owners[index == points.length ? 0 : index];
    }

    /**
     * FNV-1a, then MurmurHash3's 64-bit finalizer: FNV alone spreads the similar strings "key#1",
     * "key#2" poorly over the ring, the finalizer makes every input bit affect every output bit.
     */
    static long hash(String value) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash;
    }
}
