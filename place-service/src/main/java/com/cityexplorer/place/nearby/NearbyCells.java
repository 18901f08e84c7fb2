package com.cityexplorer.place.nearby;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import com.cityexplorer.platform.cache.EvictedEverywhereCache;
import com.cityexplorer.platform.cache.EvictedEverywhereCaches;
import com.cityexplorer.platform.events.EventEnvelope;

/**
 * The {@link CellDirectory} through this instance's memory: a busy city centre's cells are read from
 * the database once, then every nearby search there is answered from memory. Bounded by the number of
 * entries held (cells differ in size by orders of magnitude). Cells are evicted on every instance when
 * a place in them changes: at once through Redis, by the instance that changed the directory, and
 * durably from the place's event, whose current and previous locations name the cells it touched.
 */
@Component
public class NearbyCells {

    private static final long MAX_ENTRIES = 200_000;

    private final CellDirectory directory;
    private final EvictedEverywhereCache<List<CellDirectory.Entry>> cells;
    private final JsonMapper events;

    NearbyCells(CellDirectory directory, EvictedEverywhereCaches caches, JsonMapper jsonMapper) {
        this.directory = directory;
        this.events = EventEnvelope.tolerantReader(jsonMapper);
        this.cells = caches.create("place-cells", "ce.place.events", MAX_ENTRIES, entries -> Math.max(1, entries.size()),
                Duration.ofMinutes(10), this::cellsTouchedBy);
    }

    /** The entries of the given cells (empty cells omitted). */
    Map<Long, List<CellDirectory.Entry>> entries(Collection<Long> cellIds) {
        List<String> keys = cellIds.stream().map(String::valueOf).toList();
        Map<String, List<CellDirectory.Entry>> found = cells.getAll(keys, missing -> {
            Map<String, List<CellDirectory.Entry>> loaded = new HashMap<>();
            directory.read(missing.stream().map(Long::valueOf).toList())
                .forEach((cell, entries) -> loaded.put(String.valueOf(cell), entries));
            return loaded;
        });
        Map<Long, List<CellDirectory.Entry>> byCell = new HashMap<>();
        found.forEach((cell, entries) -> byCell.put(Long.valueOf(cell), entries));
        return byCell;
    }

    /** Moves a place in the directory and evicts the cells that changed, here and on every instance. */
    public void move(String placeId, CellDirectory.Entry before, CellDirectory.Entry now) {
        directory.move(placeId, before, now).forEach(cell -> cells.changed(String.valueOf(cell)));
    }

    private Collection<String> cellsTouchedBy(ConsumerRecord<String, String> record) {
        JsonNode data = events.readValue(record.value(), EventEnvelope.class).data();
        Set<String> touched = new HashSet<>();
        for (String field : List.of("location", "previousLocation")) {
            JsonNode location = data.path(field);
            if (location.has("lat") && location.has("lon")) {
                GeoCells.cellsOf(location.path("lat").asDouble(), location.path("lon").asDouble())
                    .forEach(cell -> touched.add(String.valueOf(cell)));
            }
        }
        return new ArrayList<>(touched);
    }
}
