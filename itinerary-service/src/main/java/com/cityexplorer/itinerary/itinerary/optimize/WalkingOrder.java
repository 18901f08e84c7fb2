package com.cityexplorer.itinerary.itinerary.optimize;

import java.util.ArrayList;
import java.util.List;

import com.cityexplorer.platform.geo.GreatCircle;

/**
 * The order to walk one day's stops in: a short open path (no return to the start) that begins at the
 * day's first stop. Nearest neighbour from the first stop, then 2-opt (reverse a stretch) and Or-opt (move
 * one to three consecutive stops elsewhere, either way round) until neither shortens the path, on
 * great-circle (haversine) distances. The result is never longer than the given order: when no shorter
 * path is found the given order is kept.
 * <p>
 * Deterministic: the same stops give the same order, and so do the same stops given in another order,
 * because ties are broken by stop id (then by position) and the improvement passes depend only on the
 * path and the distances. Pure Java and stateless, so the service and the benchmarks call it directly.
 * A day has at most 30 stops in the API; 50 take well under a millisecond (see the benchmarks module).
 */
public final class WalkingOrder {

    /** Mean earth radius (IUGG), the same as place-service's nearby search. */

    /**
     * How much shorter a change must make the path to count: far below anything that matters on foot,
     * and well above floating-point noise, so the improvement loops always end.
     */
    static final double EPSILON_METERS = 1e-6;

    /** The longest stretch Or-opt moves in one piece. */
    private static final int OR_OPT_MAX_SEGMENT = 3;

    private WalkingOrder() {
    }

    /** A stop to visit: its id (a place id; a stop may appear twice) and where it is. */
    public record Stop(String id, double lat, double lon) {
    }

    /**
     * The order found and what it changed.
     *
     * @param order positions in the given list, in walking order; the first is always 0
     * @param metersBefore the length of the path in the given order
     * @param metersAfter the length of the path in {@code order}; never more than {@code metersBefore}
     */
    public record Route(List<Integer> order, double metersBefore, double metersAfter) {

        public Route {
            order = List.copyOf(order);
        }

        /** Whether {@code order} differs from the given one. */
        public boolean reordered() {
            for (int i = 0; i < order.size(); i++) {
                if (order.get(i) != i) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The shortest walk this finds through {@code stops}, starting at the first. */
    public static Route optimize(List<Stop> stops) {
        int n = stops.size();
        double[][] distances = distances(stops);
        int[] given = identity(n);
        double before = length(given, distances);
        if (n <= 2) {
            return new Route(asList(given), before, before); // nothing to choose: the start is fixed
        }
        int[] path = nearestNeighbour(stops, distances);
        boolean improved;
        do {
            improved = twoOpt(path, distances);
            improved |= orOpt(path, distances);
        }
        while (improved);
        double after = length(path, distances);
        return after < before - EPSILON_METERS ? new Route(asList(path), before, after) : new Route(asList(given), before, before);
    }

    /**
     * Nearest neighbour alone, from the first stop, with the same tie-breaking: the starting point of
     * {@link #optimize}, kept public as the baseline the benchmark compares it with. It may be longer
     * than the given order (it is not checked against it).
     */
    public static Route nearestNeighbour(List<Stop> stops) {
        double[][] distances = distances(stops);
        int[] path = nearestNeighbour(stops, distances);
        return new Route(asList(path), length(identity(stops.size()), distances), length(path, distances));
    }

    /** Great-circle distance in metres ({@link GreatCircle}). */
    public static double distanceMeters(double lat1, double lon1, double lat2, double lon2) {
        return GreatCircle.distanceMeters(lat1, lon1, lat2, lon2);
    }

    /** The length of the open path through {@code stops} in the given order. */
    public static double lengthMeters(List<Stop> stops) {
        return length(identity(stops.size()), distances(stops));
    }

    private static double[][] distances(List<Stop> stops) {
        int n = stops.size();
        double[][] distances = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                Stop a = stops.get(i);
                Stop b = stops.get(j);
                // Computed once per pair, so a->b and b->a are exactly equal (the 2-opt deltas rely on it).
                distances[i][j] = distances[j][i] = distanceMeters(a.lat(), a.lon(), b.lat(), b.lon());
            }
        }
        return distances;
    }

    private static int[] nearestNeighbour(List<Stop> stops, double[][] distances) {
        int n = stops.size();
        int[] path = new int[n];
        boolean[] visited = new boolean[n];
        if (n == 0) {
            return path;
        }
        visited[0] = true;
        for (int step = 1; step < n; step++) {
            int from = path[step - 1];
            int best = -1;
            for (int candidate = 0; candidate < n; candidate++) {
                if (!visited[candidate] && (best < 0 || distances[from][candidate] < distances[from][best]
                        || distances[from][candidate] == distances[from][best] && before(stops, candidate, best))) {
                    best = candidate;
                }
            }
            path[step] = best;
            visited[best] = true;
        }
        return path;
    }

    /** The tie-break: by stop id, so the order the stops were given in does not matter, then by position. */
    private static boolean before(List<Stop> stops, int a, int b) {
        int byId = stops.get(a).id().compareTo(stops.get(b).id());
        return byId != 0 ? byId < 0 : a < b;
    }

    /**
     * Reverses stretches {@code path[i..j]} while that shortens the path (first improvement, scanning in
     * path order). Position 0 never moves; the end is open, so reversing a stretch that ends the path
     * only changes the edge into it. Returns whether anything changed.
     */
    static boolean twoOpt(int[] path, double[][] d) {
        int n = path.length;
        boolean changed = false;
        boolean improved = true;
        while (improved) {
            improved = false;
            for (int i = 1; i < n - 1; i++) {
                for (int j = i + 1; j < n; j++) {
                    int a = path[i - 1];
                    int b = path[i];
                    int c = path[j];
                    double delta = d[a][c] - d[a][b];
                    if (j + 1 < n) {
                        int e = path[j + 1];
                        delta += d[b][e] - d[c][e];
                    }
                    if (delta < -EPSILON_METERS) {
                        reverse(path, i, j);
                        improved = changed = true;
                    }
                }
            }
        }
        return changed;
    }

    /**
     * Moves a stretch of one to {@value #OR_OPT_MAX_SEGMENT} stops to between two other neighbours (or to
     * the end), as it is or reversed, while that shortens the path. Position 0 never moves and nothing is
     * put before it. Returns whether anything changed.
     */
    static boolean orOpt(int[] path, double[][] d) {
        int n = path.length;
        boolean changed = false;
        boolean improved = true;
        while (improved) {
            improved = false;
            search:
            for (int length = 1; length <= OR_OPT_MAX_SEGMENT; length++) {
                for (int i = 1; i + length <= n; i++) {
                    int last = i + length - 1;
                    int prev = path[i - 1];
                    int first = path[i];
                    int end = path[last];
                    double removed = d[prev][first];
                    if (last + 1 < n) {
                        int next = path[last + 1];
                        removed += d[end][next] - d[prev][next];
                    }
                    // Insert between path[p] and path[p + 1] (or after path[p] at the end), p outside the stretch and its in-edge.
                    for (int p = 0; p < n; p++) {
                        if (p >= i - 1 && p <= last) {
                            continue;
                        }
                        int x = path[p];
                        int y = p + 1 < n ? path[p + 1] : -1;
                        double keep = y < 0 ? 0 : d[x][y];
                        double forward = d[x][first] + (y < 0 ? 0 : d[end][y]) - keep;
                        double reversed = d[x][end] + (y < 0 ? 0 : d[first][y]) - keep;
                        boolean reverse = reversed < forward;
                        if (Math.min(forward, reversed) - removed < -EPSILON_METERS) {
                            move(path, i, last, p, reverse);
                            improved = changed = true;
                            break search;
                        }
                    }
                }
            }
        }
        return changed;
    }

    /** Takes {@code path[i..last]} out and puts it back right after the stop now at position {@code p}. */
    private static void move(int[] path, int i, int last, int p, boolean reverse) {
        int n = path.length;
        int length = last - i + 1;
        int[] segment = new int[length];
        for (int k = 0; k < length; k++) {
            segment[k] = path[reverse ? last - k : i + k];
        }
        int[] rest = new int[n - length];
        int r = 0;
        int after = -1; // where path[p] ends up in rest
        for (int k = 0; k < n; k++) {
            if (k >= i && k <= last) {
                continue;
            }
            if (k == p) {
                after = r;
            }
            rest[r++] = path[k];
        }
        int w = 0;
        for (int k = 0; k < rest.length; k++) {
            path[w++] = rest[k];
            if (k == after) {
                for (int s : segment) {
                    path[w++] = s;
                }
            }
        }
    }

    private static void reverse(int[] path, int from, int to) {
        for (int i = from, j = to; i < j; i++, j--) {
            int swap = path[i];
            path[i] = path[j];
            path[j] = swap;
        }
    }

    private static double length(int[] path, double[][] d) {
        double total = 0;
        for (int i = 1; i < path.length; i++) {
            total += d[path[i - 1]][path[i]];
        }
        return total;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private static List<Integer> asList(int[] order) {
        List<Integer> list = new ArrayList<>(order.length);
        for (int position : order) {
            list.add(position);
        }
        return list;
    }
}
