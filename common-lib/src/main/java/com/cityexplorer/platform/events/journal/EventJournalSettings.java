package com.cityexplorer.platform.events.journal;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local event journal ({@link EventJournal}). A service gets one only when it sets
 * {@code city-explorer.events.journal.directory}.
 *
 * @param directory where the journal's slots live; shared by the instances of one service on one host. Put
 *        it on a persistent volume: what is on an ephemeral one and not yet shipped is lost with the pod
 * @param flushInterval how often appended entries are forced to the disk: the most a machine crash (not a
 *        process crash) can lose
 * @param shipInterval the pause between two looks at the journal when everything has been shipped
 * @param batchSize entries sent to Kafka before waiting for their acknowledgements and recording the position
 * @param maxFileBytes the size at which the journal moves on to a new segment file; shipped segments are deleted
 * @param retryBackoff the first pause after a failed shipment (Kafka unreachable), doubled after each further
 *        failure up to 30 s or this value, whichever is larger
 */
@ConfigurationProperties("city-explorer.events.journal")
public record EventJournalSettings(
        Path directory,
        @DefaultValue("200ms") Duration flushInterval,
        @DefaultValue("100ms") Duration shipInterval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("67108864") long maxFileBytes,
        @DefaultValue("1s") Duration retryBackoff) {
}
