package com.cityexplorer.gateway.balancing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.cityexplorer.gateway.edge.ClientAddress;

import static com.cityexplorer.gateway.balancing.TestInstances.choose;
import static com.cityexplorer.gateway.balancing.TestInstances.key;
import static com.cityexplorer.gateway.balancing.TestInstances.request;
import static org.assertj.core.api.Assertions.assertThat;

class ConsistentHashBalancerTest {

    final TestInstances.MutableSupplier instances = new TestInstances.MutableSupplier(TestInstances.instances(1, 2, 3));
    final ConsistentHashBalancer balancer = new ConsistentHashBalancer(
            () -> TestInstances.chain(instances, TestInstances.noEjection()), HashKey.parse("header:X-Client-Id"));

    @Test
    void keepsEachClientOnOneInstanceAndSpreadsClientsEvenly() {
        Map<String, Integer> first = assignments(1_000);

        assertThat(assignments(1_000)).isEqualTo(first);
        Map<Integer, Long> perInstance = first.values().stream()
            .collect(java.util.stream.Collectors.groupingBy(port -> port, java.util.stream.Collectors.counting()));
        assertThat(perInstance).containsOnlyKeys(1, 2, 3);
        perInstance.values().forEach(count -> assertThat(count).isBetween(230L, 440L));
    }

    @Test
    void movesOnlyTheNewInstancesShareToItWhenOneIsAdded() {
        Map<String, Integer> before = assignments(1_000);

        instances.instances.set(TestInstances.instances(1, 2, 3, 4));
        Map<String, Integer> after = assignments(1_000);

        List<String> moved = before.keySet().stream().filter(client -> !before.get(client).equals(after.get(client))).toList();
        assertThat(moved.size() / 1_000.0).isBetween(0.15, 0.40);
        assertThat(moved).allSatisfy(client -> assertThat(after.get(client)).isEqualTo(4));
    }

    @Test
    void movesOnlyTheRemovedInstancesClients() {
        Map<String, Integer> before = assignments(1_000);

        instances.instances.set(TestInstances.instances(1, 3));
        Map<String, Integer> after = assignments(1_000);

        before.forEach((client, port) -> {
            if (port != 2) {
                assertThat(after.get(client)).as(client).isEqualTo(port);
            }
        });
    }

    @Test
    void doesNotDependOnTheOrderInstancesAreListedIn() {
        Map<String, Integer> before = assignments(300);

        instances.instances.set(TestInstances.instances(3, 1, 2));

        assertThat(assignments(300)).isEqualTo(before);
    }

    @Test
    void hashesTheClientAddressWithoutTheHeader() {
        Map<String, Object> attributes = new HashMap<>(Map.of(ClientAddress.ATTRIBUTE, "192.0.2.7"));
        int port = choose(balancer, request(Map.of(), attributes));

        IntStream.range(0, 50).forEach(i ->
            assertThat(choose(balancer, request(Map.of(), new HashMap<>(attributes)))).isEqualTo(port));
        assertThat(choose(balancer, request(Map.of("X-Client-Id", ""), new HashMap<>(attributes)))).isEqualTo(port);
    }

    @Test
    void sendsARetryToAnotherInstanceAndKeepsTheRingForEveryoneElse() {
        Map<String, Integer> before = assignments(300);
        String client = "client-7";
        int owner = before.get(client);

        Map<String, Object> attributes = TestInstances.triedAttributes(owner);
        int retry = choose(balancer, request(Map.of("X-Client-Id", client), attributes));

        assertThat(retry).isNotEqualTo(owner);
        assertThat(choose(balancer, request(Map.of("X-Client-Id", client), attributes)))
            .as("the same retry goes to the same next instance").isEqualTo(retry);
        assertThat(assignments(300)).isEqualTo(before);
        assertThat(choose(balancer, request(Map.of("X-Client-Id", client), TestInstances.triedAttributes(1, 2, 3))))
            .as("every instance tried: the owner again").isEqualTo(owner);
    }

    @Test
    void theRingGivesEachInstanceItsShareOfPoints() {
        HashRing ring = new HashRing(List.of(key(1), key(2), key(3), key(4)), HashRing.VIRTUAL_NODES);
        Map<String, Long> owners = IntStream.range(0, 20_000).mapToObj(i -> ring.owner("k" + i))
            .collect(java.util.stream.Collectors.groupingBy(owner -> owner, java.util.stream.Collectors.counting()));

        owners.values().forEach(count -> assertThat(count).isBetween(3_500L, 6_500L));
    }

    private Map<String, Integer> assignments(int clients) {
        Map<String, Integer> assignments = new HashMap<>();
        for (int i = 0; i < clients; i++) {
            String client = "client-" + i;
            assignments.put(client, choose(balancer, request(Map.of("X-Client-Id", client), new HashMap<>())));
        }
        return assignments;
    }
}
