package com.cityexplorer.place.nearby;

import java.util.ArrayList;
import java.util.List;

import com.cityexplorer.platform.geo.GreatCircle;

/**
 * An index for "what is near this point" that any MongoDB-wire database can serve, because the
 * embedded one has no geospatial operators. The globe is cut into a latitude/longitude grid at three
 * levels (0.01°, 0.1° and 1° cells); a place is listed in its cell at every level (the
 * {@link CellDirectory}), and a search asks for the few cells that cover its circle, at the finest level that needs at
 * most {@value #MAX_CELLS} of them, then measures exact distances on what comes back.
 * <p>
 * The cover is computed on the sphere: its latitude span is the radius in degrees, its longitude span
 * grows with latitude (the circle's widest point, not the centre's parallel), wraps across the
 * antimeridian, and a circle that contains a pole takes every longitude: that case is answered with a
 * latitude band instead (every coarsest cell of the band's one or two rows). Written by hand because no library covers this for
 * a database without geo operators; S2 would do the covering but not the storage.
 */
public final class GeoCells {

    /** Cell sizes in degrees, finest first. */
    static final double[] LEVELS = { 0.01, 0.1, 1.0 };
    static final int MAX_CELLS = 64;

    private GeoCells() {
    }

    /** The cell ids of a point, one per level. */
    public static List<Long> cellsOf(double lat, double lon) {
        List<Long> cells = new ArrayList<>(LEVELS.length);
        for (int level = 0; level < LEVELS.length; level++) {
            cells.add(cellId(level, row(level, lat), column(level, lon)));
        }
        return cells;
    }

    /** What to ask the database for: the cells covering the circle, or a latitude band around a pole. */
    public static Cover cover(double lat, double lon, double radiusMeters) {
        double angular = radiusMeters / GreatCircle.EARTH_RADIUS_METERS;
        double dLat = Math.toDegrees(angular);
        double minLat = lat - dLat;
        double maxLat = lat + dLat;
        if (maxLat >= 90 || minLat <= -90) {
            return new Cover.LatitudeBand(Math.max(-90, minLat), Math.min(90, maxLat));
        }
        // The circle's widest longitude extent (reached away from the centre's parallel, towards the pole).
        double dLon = Math.toDegrees(Math.asin(Math.min(1, Math.sin(angular) / Math.cos(Math.toRadians(lat)))));
        boolean allLongitudes = Double.isNaN(dLon) || dLon >= 180;
        for (int level = 0; level < LEVELS.length; level++) {
            double size = LEVELS[level];
            int columns = columns(level);
            long rows = row(level, maxLat) - row(level, minLat) + 1;
            long spanColumns = allLongitudes ? columns
                    : Math.min(columns, (long) Math.floor((lon + dLon + 180) / size) - (long) Math.floor((lon - dLon + 180) / size) + 1);
            if (rows * spanColumns <= MAX_CELLS || level == LEVELS.length - 1) {
                List<Long> cells = new ArrayList<>();
                long firstColumn = allLongitudes ? 0 : (long) Math.floor((lon - dLon + 180) / size);
                for (int r = row(level, minLat); r <= row(level, maxLat); r++) {
                    for (long c = 0; c < spanColumns; c++) {
                        cells.add(cellId(level, r, (int) Math.floorMod(firstColumn + c, columns)));
                    }
                }
                return new Cover.Cells(cells);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** Every cell of the coarsest level in the rows between two latitudes (a band around a pole). */
    public static List<Long> coarsestCellsBetween(double minLat, double maxLat) {
        int level = LEVELS.length - 1;
        List<Long> cells = new ArrayList<>();
        for (int r = row(level, minLat); r <= row(level, maxLat); r++) {
            for (int c = 0; c < columns(level); c++) {
                cells.add(cellId(level, r, c));
            }
        }
        return cells;
    }

    /** Great-circle distance in metres ({@link GreatCircle}). */
    public static double distanceMeters(double lat1, double lon1, double lat2, double lon2) {
        return GreatCircle.distanceMeters(lat1, lon1, lat2, lon2);
    }

    static int row(int level, double lat) {
        int rows = (int) Math.round(180 / LEVELS[level]);
        return Math.min(rows - 1, (int) Math.floor((lat + 90) / LEVELS[level]));
    }

    static int column(int level, double lon) {
        int columns = columns(level);
        return Math.floorMod((int) Math.floor((lon + 180) / LEVELS[level]), columns);
    }

    private static int columns(int level) {
        return (int) Math.round(360 / LEVELS[level]);
    }

    /** Level in the top bits, then row and column: unique across levels, and a plain long for the index. */
    static long cellId(int level, int row, int column) {
        return ((long) level << 48) | ((long) row << 24) | column;
    }

    /** The part of the index a nearby search reads. */
    public sealed interface Cover {

        record Cells(List<Long> ids) implements Cover {
        }

        record LatitudeBand(double minLat, double maxLat) implements Cover {
        }
    }
}
