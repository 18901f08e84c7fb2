package com.cityexplorer.place.nearby;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.cityexplorer.platform.mongo.ReadRouting;

/**
 * The nearby index itself: one document per non-empty grid cell of {@link GeoCells} (at every level),
 * keyed by the cell id and holding what a search needs of each place in it (id, position, category).
 * A search reads its few covering cells by {@code _id}, the one lookup every MongoDB-wire server
 * answers from an index (the embedded server ignores secondary indexes, so a multikey index on the
 * places themselves would mean scanning a million documents there).
 * <p>
 * Entries are fields named by place id ({@code p.<placeId>}), so adding or removing a place is one
 * {@code $set}/{@code $unset} per cell: idempotent, and safe to repeat after a crash. Cells emptied
 * by removals stay as empty documents; reading one costs one more id lookup.
 */
@Component
public class CellDirectory {

    static final String COLLECTION = "place_cells";

    private final MongoTemplate mongo;
    private final ReadRouting reads;

    CellDirectory(MongoTemplate mongo, ReadRouting reads) {
        this.mongo = mongo;
        this.reads = reads;
    }

    /** What the index keeps of a place. */
    public record Entry(String placeId, double lat, double lon, String category) {
    }

    /** The entries of each of these cells that has any (a little stale is fine: read from a secondary). */
    Map<Long, List<Entry>> read(Collection<Long> cells) {
        Map<Long, List<Entry>> byCell = new HashMap<>();
        for (Document cell : collection().withReadPreference(reads.staleTolerant()).find(Filters.in("_id", cells))) {
            Document places = cell.get("p", Document.class);
            List<Entry> entries = new ArrayList<>(places == null ? 0 : places.size());
            if (places != null) {
                places.forEach((placeId, value) -> {
                    Document entry = (Document) value;
                    entries.add(new Entry(placeId, entry.getDouble("a"), entry.getDouble("o"), entry.getString("c")));
                });
            }
            byCell.put(((Number) cell.get("_id")).longValue(), List.copyOf(entries));
        }
        return byCell;
    }

    /**
     * Moves a place's entry from where it was (if anywhere) to where it is now; {@code now} null
     * removes it. Returns the cells whose content changed.
     */
    Set<Long> move(String placeId, Entry before, Entry now) {
        Set<Long> oldCells = before == null ? Set.of() : new LinkedHashSet<>(GeoCells.cellsOf(before.lat(), before.lon()));
        Set<Long> newCells = now == null ? Set.of() : new LinkedHashSet<>(GeoCells.cellsOf(now.lat(), now.lon()));
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Long cell : oldCells) {
            if (!newCells.contains(cell)) {
                writes.add(new UpdateOneModel<>(Filters.eq("_id", cell), new Document("$unset", new Document("p." + placeId, ""))));
            }
        }
        for (Long cell : newCells) {
            writes.add(new UpdateOneModel<>(Filters.eq("_id", cell), new Document("$set", new Document("p." + placeId, fields(now))),
                    new UpdateOptions().upsert(true)));
        }
        write(writes);
        Set<Long> changed = new LinkedHashSet<>(oldCells);
        changed.addAll(newCells);
        return changed;
    }

    /** Adds many entries at once (catalog loads): one write per cell, however many places it gets. */
    public void addAll(Collection<Entry> entries) {
        Map<Long, Document> setsByCell = new HashMap<>();
        for (Entry entry : entries) {
            for (Long cell : GeoCells.cellsOf(entry.lat(), entry.lon())) {
                setsByCell.computeIfAbsent(cell, key -> new Document()).append("p." + entry.placeId(), fields(entry));
            }
        }
        List<WriteModel<Document>> writes = new ArrayList<>(setsByCell.size());
        setsByCell.forEach((cell, sets) -> writes.add(
                new UpdateOneModel<>(Filters.eq("_id", cell), new Document("$set", sets), new UpdateOptions().upsert(true))));
        write(writes);
    }

    /**
     * Two upserts creating the same new cell at once: one of them fails on the unique {@code _id}
     * and, as every write here is idempotent, is simply repeated (then it updates the created cell).
     */
    private void write(List<WriteModel<Document>> writes) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            collection().bulkWrite(writes);
        }
        catch (MongoBulkWriteException ex) {
            if (ex.getWriteErrors().stream().anyMatch(error -> error.getCode() != 11000)) {
                throw ex;
            }
            collection().bulkWrite(writes);
        }
    }

    private static Document fields(Entry entry) {
        return new Document("a", entry.lat()).append("o", entry.lon()).append("c", entry.category());
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
