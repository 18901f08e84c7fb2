package com.cityexplorer.platform.mongo;

import java.time.Duration;
import java.util.Date;
import java.util.List;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * How far the replica set's secondaries are behind its primary, read from {@code replSetGetStatus}
 * every {@code interval}: the gauge {@code ce.mongodb.replica.lag} (seconds, the slowest secondary) and
 * a detail of the mongo health check. On a standalone server (the embedded one answers the command with
 * an error) it reports topology {@code standalone} and a lag of 0 instead of failing.
 */
class ReplicaLag implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplicaLag.class);

    private final MongoClient client;
    private final Duration interval;
    private volatile double lagSeconds;
    private volatile String topology = "unknown";
    private volatile Thread poller;

    ReplicaLag(MongoClient client, Duration interval, MeterRegistry meterRegistry) {
        this.client = client;
        this.interval = interval;
        Gauge.builder("ce.mongodb.replica.lag", this, ReplicaLag::lagSeconds)
            .description("How far the slowest secondary is behind the primary")
            .baseUnit("seconds")
            .register(meterRegistry);
    }

    double lagSeconds() {
        return lagSeconds;
    }

    String topology() {
        return topology;
    }

    /** Reads the replica set's status once; a server found standalone is not asked again (it cannot become a member without a restart). */
    void measure() {
        if ("standalone".equals(topology)) {
            return;
        }
        try {
            Document status = client.getDatabase("admin").runCommand(new Document("replSetGetStatus", 1));
            Date primary = null;
            Date slowest = null;
            for (Document member : status.getList("members", Document.class, List.of())) {
                Date optime = member.getDate("optimeDate");
                if (optime == null) {
                    continue;
                }
                if ("PRIMARY".equals(member.getString("stateStr"))) {
                    primary = optime;
                }
                else if ("SECONDARY".equals(member.getString("stateStr")) && (slowest == null || optime.before(slowest))) {
                    slowest = optime;
                }
            }
            topology = "replicaSet";
            lagSeconds = primary != null && slowest != null ? Math.max(0, (primary.getTime() - slowest.getTime()) / 1000.0) : 0;
        }
        catch (MongoCommandException ex) {
            topology = "standalone"; // no replication to measure
            lagSeconds = 0;
        }
        catch (RuntimeException ex) {
            log.debug("Replica lag not measured: {}", ex.toString());
        }
    }

    @Override
    public void start() {
        poller = Thread.ofVirtual().name("replica-lag").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                measure();
                try {
                    Thread.sleep(interval);
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
        });
    }

    @Override
    public void stop() {
        Thread running = poller;
        if (running != null) {
            running.interrupt();
        }
        poller = null;
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}
