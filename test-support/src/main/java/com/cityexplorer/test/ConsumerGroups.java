package com.cityexplorer.test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;

/** What the shared Kafka broker knows of consumer groups, for tests that must wait for a consumer to read. */
public final class ConsumerGroups {

    private ConsumerGroups() {
    }

    /**
     * Whether a group whose id starts with {@code prefix} has a member with partitions assigned: a
     * consumer that starts from the latest offset reads what is published from then on.
     */
    public static boolean assigned(String prefix) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers()))) {
            List<String> groups = admin.listConsumerGroups().all().get().stream()
                .map(ConsumerGroupListing::groupId)
                .filter(group -> group.startsWith(prefix))
                .toList();
            return !groups.isEmpty() && admin.describeConsumerGroups(groups).all().get().values().stream()
                .anyMatch(group -> group.members().stream().anyMatch(member -> !member.assignment().topicPartitions().isEmpty()));
        }
    }
}
